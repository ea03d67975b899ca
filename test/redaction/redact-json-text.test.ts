import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../../src/estate.js';
import { redactResource } from '../../src/redaction/redact.js';
import { redactJsonText } from '../../src/redaction/redact-json-text.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'secrets', name), 'utf8')) as ArmResource;
const M = (why: string) => `[redacted by aiscan: ${why}]`;

describe('redaction of JSON text (an evidence snippet of a file aiscan did not collect)', () => {
  test('redacts a VM as printed exactly as redaction of the parsed VM does', () => {
    const vm = fixture('vm-custom-script.json');
    const { text, redacted } = redactJsonText(JSON.stringify(vm, null, 2));
    expect(JSON.parse(text)).toEqual(redactResource(vm).resource);
    expect(redacted).toBe(redactResource(vm).redacted);
  });

  test('redacts what it sees of a value cut off by the end of the snippet', () => {
    const vm = fixture('vm-custom-script.json');
    const full = JSON.stringify(vm, null, 2);
    const cut = full.slice(0, full.indexOf('hf_AbCdEf') + 6);
    const { text } = redactJsonText(cut);
    expect(text).not.toContain('hf_AbC');
    expect(text.endsWith(`"commandToExecute": "${M('command line, which may hold secrets')}`)).toBe(true);
  });

  test('keeps only the scheme and host of a webhook URL, and redacts connection strings and SAS signatures in any string', () => {
    const autoscale = JSON.stringify(fixture('autoscale-webhooks.json'), null, 2);
    const vmss = JSON.stringify(fixture('vmss-windows-custom-script.json'), null, 2);
    const { text } = redactJsonText(`${autoscale}\n${vmss}`);
    expect(text).toContain(`"serviceUri": "https://hooks.slack.com/${M('webhook path and query, which may hold a secret')}"`);
    expect(text).not.toMatch(/T0123ABCD|sig=AbCd|sig=c2V0|ZGlhZ25vc3RpY3Mta2V5/);
    expect(text).toContain(`AccountKey=${M('connection string AccountKey')};EndpointSuffix=core.windows.net`);
  });

  test('changes nothing in text without secrets', () => {
    const sample = readFileSync('examples/estate/subscription-research.json', 'utf8');
    expect(redactJsonText(sample)).toEqual({ text: sample, redacted: 0 });
  });
});

describe('member names judged as redactResource judges them', () => {
  test.each(['adminPassword', 'client_secret', 'connection-string', 'storage.account.key', 'sasToken', 'commandToExecute'])('%s', (name) => {
    const { text, redacted } = redactJsonText(`{"${name}": "s3cr3t-value"}`);
    expect(redacted).toBe(1);
    expect(text).not.toContain('s3cr3t-value');
    expect(redactResource({ id: '/x', [name]: 's3cr3t-value' }).redacted).toBe(1);
  });
});
