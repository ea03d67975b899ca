import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A valid rule file's content; each test changes what it is about. */
export function ruleDefinition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'AIS-TST-001',
    name: 'TestRule',
    title: 'A rule written to test aiscan',
    severity: 'high',
    resourceTypes: ['Microsoft.Compute/virtualMachines'],
    assert: { required: ['tags'] },
    message: 'VM {name} breaks the test rule.',
    description: 'A rule written to test how aiscan copes with it.',
    remediation: { summary: 'Change the resource so that it complies.' },
    ...overrides,
  };
}

/** Writes a rule file into `folder` (created when missing) and returns the folder. */
export function writeRule(folder: string, overrides: Record<string, unknown> = {}, fileName?: string): string {
  mkdirSync(folder, { recursive: true });
  const definition = ruleDefinition(overrides);
  writeFileSync(join(folder, fileName ?? `${String(definition.id)}.json`), JSON.stringify(definition, null, 2));
  return folder;
}
