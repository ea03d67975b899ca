import { loadConfig } from '../../src/config/config.js';
import { readSuppressionsFile } from '../../src/config/suppressions.js';
import { useTempDir } from '../helpers/temp.js';

/** Every mistake is reported in one line: file:line:column, the JSON pointer, the reason and what to do. */
describe('a malformed config or suppressions file', () => {
  const tmp = useTempDir('aiscan-malformed-');
  let count = 0;
  const errorOf = (read: (file: string) => unknown, text: string): string => {
    const file = tmp.write(`f${count++}.json`, text);
    try {
      read(file);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message.slice(file.length);
    }
    throw new Error('expected an error');
  };
  const config = (text: string) => errorOf((file) => loadConfig({ file }), text);
  const suppressions = (entry: object) => errorOf(readSuppressionsFile, JSON.stringify({ suppressions: [entry] }));
  const valid = { rule: 'AIS-AKS-001', resource: '/subscriptions/x', justification: 'why' };

  it.each([
    ['a syntax error, with line and column', '{\n  "gate": { "failOn": "high" "x": 1 }\n}', ':2:30: invalid JSON: comma expected (a config file must be JSON; comments are allowed)'],
    ['an empty file', '  ', ':1:1: a config file is empty'],
    ['an unknown setting', '{ "rulez": {} }', ':1:3: at /rulez: unexpected property "rulez"; aiscan does not know this setting (see schemas/config.schema.json)'],
    ['a bad --fail-on value', '{ "gate": { "failOn": "severe" } }', ':1:13: at /gate/failOn: expected one of "critical", "high", "medium", "low", "info", "none" (see schemas/config.schema.json)'],
    ['an unknown report format', '{ "reports": { "formats": ["pdf"] } }', ':1:28: at /reports/formats/0: expected one of "sarif", "json", "md", "html", "junit" (see schemas/config.schema.json)'],
    ['a bad severity override', '{ "rules": { "severity": { "AIS-NET-001": "hi" } } }', ':1:28: at /rules/severity/AIS-NET-001: expected one of "critical", "high", "medium", "low", "info" (see schemas/config.schema.json)'],
    ['a bad rule selector as a key', '{ "rules": { "severity": { "no such rule!": "low" } } }', ':1:28: at /rules/severity/no such rule!: "no such rule!" is not in the expected form; use a rule id (AIS-AKS-001), a name, a glob (AIS-RBAC-*), area:<area> or tag:<tag> (see schemas/config.schema.json)'],
    ['a scope that is not an id', '{ "scopes": { "exclude": ["rg-sandbox"] } }', ':1:27: at /scopes/exclude/0: "rg-sandbox" is not in the expected form; use a subscription id, a resource id starting with /, or a glob over resource ids (see schemas/config.schema.json)'],
    ['an inline suppression without an end date', '{ "suppressions": [{ "rule": "*", "resource": "/x", "justification": "j" }] }', ':1:20: at /suppressions/0/expires: missing required property "expires"; give the last day it holds (YYYY-MM-DD), or "permanent": true with "approvedBy" (see schemas/config.schema.json)'],
  ])('%s', (_name, text, expected) => {
    expect(config(text)).toBe(expected);
  });

  it.each([
    ['no justification', { rule: '*', resource: '/x', expires: '2030-01-01' }, ':1:18: at /suppressions/0/justification: missing required property "justification"; say why the risk is accepted; it is shown in every report (see schemas/suppressions.schema.json)'],
    ['a blank justification', { ...valid, justification: '   ', expires: '2030-01-01' }, ':1:70: at /suppressions/0/justification: the justification is blank; say why the risk is accepted'],
    ['no end date', valid, ':1:18: at /suppressions/0/expires: missing required property "expires"; give the last day it holds (YYYY-MM-DD), or "permanent": true with "approvedBy" (see schemas/suppressions.schema.json)'],
    ['a date that is not a date', { ...valid, expires: '2030-02-30' }, ':1:92: at /suppressions/0/expires: expected a date (YYYY-MM-DD); give the last day it holds (YYYY-MM-DD), or "permanent": true with "approvedBy" (see schemas/suppressions.schema.json)'],
    ['a permanent suppression nobody approved', { ...valid, permanent: true }, ':1:18: at /suppressions/0/approvedBy: missing required property "approvedBy"; a permanent suppression needs the name of whoever accepted the risk (see schemas/suppressions.schema.json)'],
    ['a permanent suppression with an end date', { ...valid, permanent: true, approvedBy: 'ciso', expires: '2030-01-01' }, ':1:129: at /suppressions/0/expires: a permanent suppression has no "expires"; remove one of the two'],
    ['an unknown field', { ...valid, expires: '2030-01-01', reason: 'x' }, ':1:115: at /suppressions/0/reason: unexpected property "reason"; a suppression takes rule, resource, justification, expires, permanent, approvedBy, owner, ticket (see schemas/suppressions.schema.json)'],
  ])('suppression with %s', (_name, entry, expected) => {
    expect(suppressions(entry)).toBe(expected);
  });

  it('suppressions file without the "suppressions" list', () => {
    expect(errorOf(readSuppressionsFile, '[]')).toBe(':1:1: at /: expected object (see schemas/suppressions.schema.json)');
  });
});
