import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { resolveScanSettings } from '../../src/config/settings.js';
import { useTempDir } from '../helpers/temp.js';

const shown = (path: string) => relative(process.cwd(), path);

describe('aiscan.config.json', () => {
  const tmp = useTempDir('aiscan-config-');

  it('is found in the working directory when --config is not given', () => {
    mkdirSync(tmp.path('repo'), { recursive: true });
    writeFileSync(tmp.path('repo', 'aiscan.config.json'), '{ "gate": { "failOn": "medium" } }');
    const loaded = loadConfig({ cwd: tmp.path('repo') });
    expect(loaded.file).toBe(shown(tmp.path('repo', 'aiscan.config.json')));
    expect(loaded.config.gate).toEqual({ failOn: 'medium' });
  });

  it('is optional: without one, the defaults apply', () => {
    mkdirSync(tmp.path('empty'), { recursive: true });
    const settings = resolveScanSettings({}, { cwd: tmp.path('empty') });
    expect(settings).toMatchObject({ out: 'reports', failOn: 'high', category: 'aiscan', formats: ['sarif', 'json', 'md'], newOnly: false, builtinRules: true });
    expect(settings.configFile).toBeUndefined();
  });

  it('allows comments and trailing commas, because people edit it by hand', () => {
    const file = tmp.write('commented.json', '// team settings\n{\n  /* strict */ "gate": { "failOn": "low", },\n}\n');
    expect(loadConfig({ file }).config.gate).toEqual({ failOn: 'low' });
  });

  it('resolves its paths from its own folder, not from where aiscan runs', () => {
    mkdirSync(tmp.path('team', 'policies'), { recursive: true });
    const file = tmp.path('team', 'aiscan.config.json');
    writeFileSync(file, JSON.stringify({ rules: { folders: ['policies'] }, reports: { out: 'out' }, gate: { baseline: '../prev/aiscan.sarif' } }));
    const { config } = loadConfig({ file });
    expect(config.rules!.folders).toEqual([shown(tmp.path('team', 'policies'))]);
    expect(config.reports!.out).toBe(shown(tmp.path('team', 'out')));
    expect(config.gate!.baseline).toBe(shown(tmp.path('prev', 'aiscan.sarif')));
  });

  it('is overridden by flags; rule folders from both add up', () => {
    mkdirSync(tmp.path('a'), { recursive: true });
    const file = tmp.write(
      'override.json',
      JSON.stringify({ rules: { folders: ['a'], builtin: false }, reports: { out: 'o', formats: ['html'], category: 'nightly' }, gate: { failOn: 'low', newOnly: true, baseline: 'b.sarif' } }),
    );
    const fromFile = resolveScanSettings({ config: file });
    expect(fromFile).toMatchObject({ out: shown(tmp.path('o')), formats: ['html'], category: 'nightly', failOn: 'low', newOnly: true, builtinRules: false });
    const flags = resolveScanSettings({ config: file, rules: ['b'], builtinRules: true, out: 'x', formats: ['sarif'], failOn: 'critical', category: 'pr', newOnly: false, baseline: 'c.sarif' });
    expect(flags).toMatchObject({ out: 'x', formats: ['sarif'], category: 'pr', failOn: 'critical', newOnly: false, builtinRules: true, baseline: 'c.sarif' });
    expect(flags.ruleFolders).toEqual([shown(tmp.path('a')), 'b']);
  });

  it('names its own place when a folder or file it names is not there, not a flag it did not come from', () => {
    const folder = tmp.write('missing-folder.json', JSON.stringify({ rules: { folders: ['no-such-rules'] } }));
    expect(() => resolveScanSettings({ config: folder })).toThrow(`${folder}: at /rules/folders/0: ${shown(tmp.path('no-such-rules'))} does not exist (paths in a config file are relative to the config file)`);
    const suppressions = tmp.write('missing-suppressions.json', JSON.stringify({ suppressionsFile: 'gone.json' }));
    expect(() => resolveScanSettings({ config: suppressions })).toThrow(`${suppressions}: at /suppressionsFile: ${shown(tmp.path('gone.json'))} does not exist`);
  });

  it('reads aiscan.suppressions.json beside it, and --suppressions instead when given', () => {
    mkdirSync(tmp.path('with-suppressions'), { recursive: true });
    const entry = { rule: '*', resource: '/subscriptions/x/**', justification: 'lab', expires: '2030-01-01' };
    writeFileSync(tmp.path('with-suppressions', 'aiscan.config.json'), JSON.stringify({ suppressions: [{ ...entry, justification: 'inline' }] }));
    writeFileSync(tmp.path('with-suppressions', 'aiscan.suppressions.json'), JSON.stringify({ suppressions: [entry] }));
    const other = tmp.write('other-suppressions.json', JSON.stringify({ suppressions: [{ ...entry, justification: 'other' }] }));
    const file = tmp.path('with-suppressions', 'aiscan.config.json');
    expect(loadConfig({ file }).suppressions.map((s) => s.justification)).toEqual(['inline', 'lab']);
    expect(loadConfig({ file, suppressionsFile: other }).suppressions.map((s) => s.justification)).toEqual(['inline', 'other']);
    expect(loadConfig({ file }).suppressions[1].source).toBe(`${shown(join(tmp.path('with-suppressions'), 'aiscan.suppressions.json'))}#/suppressions/0`);
  });
});
