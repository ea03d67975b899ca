import { existsSync, readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

describe('aiscan scan with a config file', () => {
  const tmp = useTempDir('aiscan-cli-config-');

  it('takes its gate and formats from the config, and flags win over it', async () => {
    const config = tmp.write('aiscan.config.json', JSON.stringify({ gate: { failOn: 'none' }, reports: { formats: ['md', 'junit'] } }));
    const relaxed = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', tmp.path('relaxed'), '-q');
    expect(relaxed.code).toBe(0);
    expect(existsSync(tmp.path('relaxed', 'aiscan.md'))).toBe(true);
    expect(existsSync(tmp.path('relaxed', 'aiscan.junit.xml'))).toBe(true);
    expect(existsSync(tmp.path('relaxed', 'aiscan.sarif'))).toBe(false);
    const strict = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', tmp.path('strict'), '--fail-on', 'high', '-q');
    expect(strict.code).toBe(1);
  });

  it.each([
    ['a malformed config', ['--config'], '{ "gate": { "failOn": "sometimes" } }', /^aiscan: \S+\.json:1:13: at \/gate\/failOn: expected one of /],
    ['a config with a syntax error', ['--config'], '{ "gate": ', /^aiscan: \S+\.json:1:11: invalid JSON: /],
    ['a malformed suppressions file', ['--suppressions'], '{ "suppressions": [{ "rule": "*", "resource": "/x" }] }', /^aiscan: \S+\.json:1:20: at \/suppressions\/0\/justification: missing required property "justification"/],
    ['a suppressions file without dates', ['--suppressions'], '{ "suppressions": [{ "rule": "*", "resource": "/x", "justification": "j" }] }', /at \/suppressions\/0\/expires: missing required property "expires"/],
    ['a baseline that is not an aiscan SARIF', ['--baseline'], '{ "version": "2.1.0", "runs": [{ "tool": { "driver": { "name": "other" } }, "results": [] }] }', /^aiscan: --baseline \S+: at \/runs\/0\/tool\/driver\/name: expected "aiscan"; expected a SARIF file written by aiscan scan\n$/],
  ])('stops with one line and exit 2 on %s', async (_name, flag, content, expected) => {
    const file = tmp.write(`bad-${Math.random().toString(36).slice(2)}.json`, content);
    const out = tmp.path(`never-${Math.random().toString(36).slice(2)}`);
    const run = await runCli('scan', ...SAMPLE_ARGS, ...flag, file, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(expected);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --new-only without a baseline', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--new-only', '--out', tmp.path('x'));
    expect(run).toMatchObject({ code: 2, stderr: 'aiscan: --new-only needs --baseline PREVIOUS.sarif (the SARIF of an earlier scan) to know what is new\n' });
  });

  it('documents the gate flags in --help', async () => {
    const { stdout } = await runCli('scan', '--help');
    for (const flag of ['--config', '--baseline', '--new-only', '--suppressions']) expect(stdout).toContain(flag);
    expect(stdout).toContain('html');
    expect(stdout).toContain('junit');
  });
});

describe('aiscan init', () => {
  const tmp = useTempDir('aiscan-init-');

  it('writes a commented starter config that a scan then uses', async () => {
    const file = tmp.path('aiscan.config.json');
    const run = await runCli('init', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\/\/ aiscan configuration/);
    expect((await runCli('scan', ...SAMPLE_ARGS, '--config', file, '--out', tmp.path('r'), '--fail-on', 'none', '-q')).code).toBe(0);
    expect(existsSync(tmp.path('r', 'aiscan.html'))).toBe(true);
  });

  it('never overwrites an existing file without --force', async () => {
    const file = tmp.write('existing.json', '{}');
    expect(await runCli('init', file)).toMatchObject({ code: 2, stderr: `aiscan: init: ${file} already exists; edit it, or run aiscan init --force to replace it\n` });
    expect(readFileSync(file, 'utf8')).toBe('{}');
    expect((await runCli('init', file, '--force', '-q')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"failOn": "high"');
  });
});

describe('a configuration that leaves the gate nothing, or less, to check', () => {
  const tmp = useTempDir('aiscan-cli-weakened-');
  const ALL_FORMATS = ['--format', 'sarif', 'json', 'md', 'html', 'junit'];

  /** The text of every report, and what each says about the configuration. */
  function reportsOf(out: string) {
    const read = (name: string) => readFileSync(`${out}/${name}`, 'utf8');
    const sarif = JSON.parse(read('aiscan.sarif')) as Log;
    const json = JSON.parse(read('aiscan.json')) as { verdict: string; configChanges: { kind: string; ruleId?: string; text: string }[] };
    return {
      json,
      sarifChanges: (sarif.runs[0].invocations?.[0].toolConfigurationNotifications ?? []).map((n) => n.message.text ?? ''),
      markdown: read('aiscan.md'),
      html: read('aiscan.html'),
      junit: read('aiscan.junit.xml'),
    };
  }

  it('says NOTHING EVALUATED, not PASS, when the scopes exclude every resource, and names the setting in every report', async () => {
    const config = tmp.write('exclude-all.json', JSON.stringify({ scopes: { exclude: ['/**'] } }));
    const out = tmp.path('exclude-all');
    const run = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', out, ...ALL_FORMATS);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NOTHING EVALUATED: no rule passed or failed on any resource; 1 setting changes the built-in checks\n/);
    expect(run.stdout).toContain(`warning: nothing was evaluated: the scopes in ${config} leave none of its `);
    expect(run.stdout).toContain(`  - Resources in /** are not checked (scopes.exclude in ${config}).`);
    const reports = reportsOf(out);
    expect(reports.json.verdict).toMatch(/^NOTHING EVALUATED/);
    expect(reports.json.configChanges).toEqual([expect.objectContaining({ kind: 'scope-excluded', to: '/**' })]);
    expect(reports.sarifChanges).toEqual([expect.stringContaining('Resources in /** are not checked')]);
    expect(reports.markdown).toContain('## Settings that change the built-in checks');
    expect(reports.html).toContain('<h2>Settings that change the built-in checks</h2>');
    expect(reports.junit).toContain('<testsuite name="Settings that change the built-in checks" tests="1"');
  });

  it('lists every built-in rule the config turns down or off, in every report, though the scan passes', async () => {
    const config = tmp.write('everything-info.json', JSON.stringify({ rules: { severity: { '*': 'info' }, exclude: ['AIS-RBAC-001'], parameters: { 'AIS-QUOTA-001': { maxUtilisationPercent: 99 } } } }));
    const out = tmp.path('everything-info');
    const run = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', out, ...ALL_FORMATS);
    expect(run.code).toBe(0);
    const reports = reportsOf(out);
    const lowered = reports.json.configChanges.filter((change) => change.kind === 'severity-lowered').map((change) => change.ruleId);
    expect(lowered.length).toBeGreaterThan(20);
    expect(lowered).not.toContain('AIS-RBAC-001');
    expect(reports.json.configChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'rule-disabled', ruleId: 'AIS-RBAC-001' }),
        expect.objectContaining({ kind: 'parameter-changed', ruleId: 'AIS-QUOTA-001', from: '80', to: '99' }),
      ]),
    );
    const count = reports.json.configChanges.length;
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^PASS \\(fail-on high\\): \\d+ findings below the threshold; ${count} settings change the built-in checks$`));
    expect(reports.sarifChanges).toHaveLength(count);
    for (const text of [reports.markdown, reports.html, reports.junit]) expect(text).toContain('AIS-RBAC-001');
    expect(reports.junit).toContain(`<testsuite name="Settings that change the built-in checks" tests="${count}"`);
  });

  it('lists nothing when the config only makes the gate stricter', async () => {
    const config = tmp.write('stricter.json', JSON.stringify({ rules: { severity: { 'AIS-GOV-001': 'critical' } } }));
    const run = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', tmp.path('stricter'), '--fail-on', 'none', '--format', 'json');
    expect(run.stdout).not.toContain('change the built-in checks');
    expect(JSON.parse(readFileSync(tmp.path('stricter', 'aiscan.json'), 'utf8')).configChanges).toEqual([]);
  });
});
