import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/** `aiscan scan FOLDER` over the real template fixtures: what is read, paired, ignored and refused. */

const DIR = join('test', 'fixtures', 'templates');

interface Report {
  resourceCount: number;
  inputSummary: { read: { kind: string; count: number }[]; skipped: unknown[]; ignored: number };
  undecided: { resourceName: string; expression: string }[];
  rules: { id: string; counts: { notApplicable: number } }[];
}

describe('aiscan scan FOLDER of templates', () => {
  const tmp = useTempDir('aiscan-folder-scan-');
  let runs = 0;
  async function scan(...args: string[]) {
    const out = tmp.path(`run-${runs++}`);
    const run = await runCli('scan', ...args, '--out', out, '--format', 'json', '--fail-on', 'none');
    const report = existsSync(join(out, 'aiscan.json')) ? (JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as Report) : undefined;
    return { ...run, out, report };
  }

  it('carml-vmss: one template with two parameter files beside it is read once and evaluated twice', async () => {
    const folder = join(DIR, 'carml-vmss');
    const [all, linux, windows] = [await scan(folder), await scan(join(folder, 'deploy.json'), '-p', join(folder, 'linux.parameters.json')), await scan(join(folder, 'deploy.json'), '-p', join(folder, 'windows.parameters.json'))];
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Read 1 ARM template, 2 ARM parameter files; skipped 0 files');
    // Once with each parameter file: the resources and rule outcomes of both evaluations.
    expect(all.report!.resourceCount).toBe(linux.report!.resourceCount + windows.report!.resourceCount);
    const notApplicable = (report: Report) => report.rules.reduce((sum, rule) => sum + rule.counts.notApplicable, 0);
    expect(notApplicable(all.report!)).toBe(notApplicable(linux.report!) + notApplicable(windows.report!));
    // The windows file's Key Vault reference decides nothing: no rule applies to a non-GPU scale set.
    expect(all.report!.undecided).toEqual([]);
  });

  it('a template a .gitignore names is left out unread: counted as ignored, its missing parameters never asked for', async () => {
    const root = tmp.path('ignoring');
    mkdirSync(join(root, 'generated'), { recursive: true });
    copyFileSync(join(DIR, 'azureml-compute-instance', 'deploy.json'), join(root, 'deploy.json'));
    // Read, this template would end the scan: it has required parameters and no parameter file.
    copyFileSync(join(DIR, 'dsvm-fastai-gpu-vm', 'azuredeployLinux.json'), join(root, 'generated', 'azuredeployLinux.json'));
    tmp.write('ignoring/.gitignore', 'generated/\n');
    const run = await scan(root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // generated/ and the .gitignore itself.
    expect(run.stdout).toMatch(/Read 1 ARM template; skipped \d+ files?, ignored 2 \(/);
    expect(run.report!.inputSummary.ignored).toBe(2);
    expect(run.report!.inputSummary.read).toEqual([{ kind: 'arm-template', label: 'ARM template', count: 1 }]);
    expect(run.stdout).not.toContain('azuredeployLinux.json');
  });

  it('a template whose required parameters have no value ends the scan with exit 2 and one line, and writes no report', async () => {
    const template = join(DIR, 'dsvm-fastai-gpu-vm', 'azuredeployLinux.json');
    const run = await scan(join(DIR, 'dsvm-fastai-gpu-vm'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `aiscan: ${template}: no value for the parameters adminUsername, vmName, which have no default: give a parameter file (azuredeployLinux.parameters.json beside it, metadata.template, or --parameters FILE), or a value in "templates": {"parameters": …} of aiscan.config.json\n`,
    );
    expect(run.report).toBeUndefined();
    expect(existsSync(join(run.out, 'aiscan.sarif'))).toBe(false);
  });
});
