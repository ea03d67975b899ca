import { readdirSync } from 'node:fs';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

describe('scan --format: repeated, comma-separated, or both', () => {
  const tmp = useTempDir();

  it('writes each format named in a list and in a repeat', async () => {
    const out = tmp.path('mixed');
    const result = await runCli('scan', ...SAMPLE_ARGS, '--out', out, '--format', 'sarif,md', '-f', 'junit', '--quiet', '--fail-on', 'none');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['aiscan.junit.xml', 'aiscan.md', 'aiscan.sarif']);
  });

  it.each([
    ['an unknown name in a list', 'sarif,jsn', /Given: "jsn"/],
    ['an empty entry', 'sarif,', /Given: ""/],
  ])('refuses %s with exit 2, naming it', async (_, value, expected) => {
    const result = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('refused'), '--format', value, '--quiet');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/format/);
    expect(result.stderr).toMatch(expected);
  });
});
