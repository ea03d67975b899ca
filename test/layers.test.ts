import { ESLint } from 'eslint';

/**
 * The import rules of eslint.config.js (docs/architecture.md), on code that breaks them: each
 * case is an import that the layering forbids, or one it allows, in a file at the given place.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: file });
  return result.messages.filter((message) => message.ruleId === 'aiscan/layers').map((message) => message.message);
}

describe('the layers the code is held to', () => {
  it.each([
    ['src/gate/baseline.ts', "import { FINGERPRINT_KEY } from '../report/sarif.js';", 'gate may not import report (../report/sarif.js)'],
    ['src/config/settings.ts', "import { DEFAULT_FORMATS } from '../report/formats.js';", 'config may not import report'],
    ['src/gate/apply-suppressions.ts', "import type { Suppression } from '../config/suppressions.js';", 'gate may not import config'],
    ['src/sources/azure/progress.ts', "import { terminalText } from '../../report/terminal-text.js';", 'sources may not import report'],
    ['src/ids.ts', "import { shown } from './sources/shown.js';", 'shared may not import sources'],
    ['src/engine/load-rules.ts', "import { readJsonFile } from '../sources/read-json.js';", 'engine may not import sources'],
    ['src/json/locate.ts', "import type { Finding } from '../engine/finding.js';", 'json may not import engine'],
    ['src/report/html.ts', "import { scan } from '../scan.js';", 'report may not import app (../scan.js)'],
    ['src/report/html.ts', "const cli = await import('../cli.js');", 'report may not import app (../cli.js)'],
    ['src/engine/evaluate.ts', "export { scan } from '../scan.js';", 'engine may not import app'],
    ['src/scan.ts', "import { x } from './experimental/x.js';", 'src/experimental/x.ts is in no layer of eslint.config.js'],
    ['test/report/html-browser.test.ts', "import { demoScan } from '../../scripts/html-demo.js';", 'test may not import scripts'],
    ['scripts/bench-collect.ts', "import { ArmEmulator } from '../test/emulator/arm-emulator.js';", 'scripts may not import test'],
    ['support/demo-audit.ts', "import { useTempDir } from '../test/helpers/temp.js';", 'support may not import test'],
    ['src/report/locate.ts', "import { useTempDir } from '../../test/helpers/temp.js';", 'report may not import test'],
  ])('in %s, %s is an error', async (file, code, error) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(error);
  });

  it.each([
    ['src/report/sarif.ts', "import type { ScanResult } from '../scan.js';"],
    ['src/report/sarif.ts', "import { type GatedFinding, type ScanResult } from '../scan.js';"],
    ['src/report/sarif.ts', "import { FINGERPRINT_KEY } from '../gate/baseline.js';"],
    ['src/config/settings.ts', "import { NEW_ONLY_NEEDS_BASELINE } from '../gate/gate.js';"],
    ['src/engine/evaluate.ts', "import { readItem } from '../facts/read.js';"],
    ['src/sources/estate-file.ts', "import schema from '../../schemas/snapshot.schema.json' with { type: 'json' };"],
    ['test/cli/live-scan.test.ts', "import { ArmEmulator } from '../../support/emulator/arm-emulator.js';"],
    ['scripts/bench.ts', "import { generateSnapshot } from '../support/large-estate/estate.js';"],
    ['src/commands/scan.ts', "import type { CliIO } from '../cli.js';"],
  ])('in %s, %s is allowed', async (file, code) => {
    await expect(layerErrors(file, code)).resolves.toEqual([]);
  });
});
