import { FACT_NAMES, FACTS } from './contract.js';
import type { ShapeSchema } from './schema-type.js';

/** Where docs/facts.md holds the generated table. */
export const FACTS_TABLE_START = '<!-- facts-table:start -->';
export const FACTS_TABLE_END = '<!-- facts-table:end -->';

function fields(shape: ShapeSchema): string {
  const object = shape.items ?? shape;
  if (!object.properties) return '';
  return Object.keys(object.properties)
    .map((name) => `\`${name}\``)
    .join(', ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The facts contract as a Markdown table: fact, set on, computed from, fields, what. */
export function factsTable(): string {
  const lines = ['| fact | set on | also computed from | fields | what |', '| --- | --- | --- | --- | --- |'];
  for (const name of FACT_NAMES) {
    const fact = FACTS[name];
    const on = fact.on.map(({ types }) => (types === '*' ? 'every item' : types.map((type) => `\`${type}\``).join(', '))).join('; ');
    const from = fact.on.map(({ from: sources }) => (sources.length === 0 ? '(the item alone)' : sources.map((type) => `\`${type}\``).join(', '))).join('; ');
    lines.push(`| \`${name}\` | ${on} | ${from} | ${fields(fact.schema)} | ${cell(fact.description)} |`);
  }
  return lines.join('\n');
}
