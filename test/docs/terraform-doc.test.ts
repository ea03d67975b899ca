import { readFileSync } from 'node:fs';
import mappings from '../../src/sources/terraform/mappings/azurerm.json' with { type: 'json' };

/** docs/terraform.md lists the Terraform types aiscan maps: the list and the mapping data must agree. */
const doc = readFileSync('docs/terraform.md', 'utf8');

function block(name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (!match) throw new Error(`docs/terraform.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
  return match[1];
}

describe('docs/terraform.md', () => {
  it('lists exactly the mapped Terraform types, each with its ARM type', () => {
    const rows = Object.entries(mappings.types as Record<string, { armType: string }>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, mapping]) => `| \`${type}\` | \`${mapping.armType}\` |`);
    expect(block('terraform-types')).toBe(['| Terraform type | ARM type |', '| --- | --- |', ...rows, ''].join('\n'));
  });
});
