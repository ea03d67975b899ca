import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS with `exports.default`.
const Ajv04 = ((Ajv04Module as unknown as { default?: typeof Ajv04Module }).default ?? Ajv04Module) as unknown as new (o: object) => {
  compile: (schema: object) => ((data: unknown) => boolean) & { errors?: unknown[] };
};
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => void;

const OASIS_SCHEMA = join(process.cwd(), 'test', 'helpers', 'vendor', 'sarif-schema-2.1.0.json');
let validateOasis: (((data: unknown) => boolean) & { errors?: unknown[] }) | undefined;

/** Errors of a SARIF log under the official OASIS SARIF 2.1.0 schema (draft-04). */
export function oasisSchemaErrors(log: unknown): unknown[] {
  if (!validateOasis) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    validateOasis = ajv.compile(JSON.parse(readFileSync(OASIS_SCHEMA, 'utf8')) as object);
  }
  return validateOasis(log) ? [] : (validateOasis.errors ?? []);
}

const MULTITOOL = join(process.cwd(), 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
/** Every rule but the one that fetches each URI over the network (see the file). */
const MULTITOOL_OPTIONS = join(process.cwd(), 'test', 'helpers', 'sarif-multitool-offline.xml');

export interface MultitoolViolation {
  level: string;
  ruleId: string;
  message: string;
}

/**
 * Violations that Microsoft's SARIF validator reports with its SARIF and GitHub (GHAS) rules.
 * The platform binary is called directly: the npx wrapper splits the `;` in the rule kinds.
 */
export function multitoolViolations(sarifFile: string): MultitoolViolation[] {
  if (!existsSync(MULTITOOL)) throw new Error(`Microsoft's SARIF validator is not installed at ${MULTITOOL}; run npm ci`);
  chmodSync(MULTITOOL, 0o755); // npm may skip the package's postinstall that sets this
  const dir = mkdtempSync(join(tmpdir(), 'aiscan-multitool-'));
  try {
    const out = join(dir, 'validation.sarif');
    const run = spawnSync(MULTITOOL, ['validate', sarifFile, '-o', out, '--rule-kind', 'Sarif;Ghas', '--config', MULTITOOL_OPTIONS], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      timeout: 120_000,
    });
    if (!existsSync(out)) throw new Error(`sarif-multitool produced no output: ${run.stdout}${run.stderr}`);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { results?: { level?: string; ruleId: string; message: { text?: string; arguments?: string[] } }[] }[];
    };
    return (log.runs[0].results ?? []).map((r) => ({
      level: r.level ?? 'warning',
      ruleId: r.ruleId,
      message: r.message.text ?? (r.message.arguments ?? []).join(' '),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
