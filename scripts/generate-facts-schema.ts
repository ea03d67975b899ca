/**
 * Writes schemas/facts.schema.json and the facts table in docs/facts.md from the facts contract
 * (src/facts/contract.ts). Run with `npm run build && node dist/scripts/generate-facts-schema.js`
 * after changing the contract; test/facts/contract.test.ts fails while either is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { FACTS_SCHEMA_FILE, factsSchemaText } from '../src/facts/facts-schema.js';
import { FACTS_TABLE_END, FACTS_TABLE_START, factsTable } from '../src/facts/facts-table.js';

const FACTS_PAGE = 'docs/facts.md';

writeFileSync(FACTS_SCHEMA_FILE, factsSchemaText());
const page = readFileSync(FACTS_PAGE, 'utf8');
const start = page.indexOf(FACTS_TABLE_START);
const end = page.indexOf(FACTS_TABLE_END);
if (start < 0 || end < start) throw new Error(`${FACTS_PAGE} has no ${FACTS_TABLE_START} … ${FACTS_TABLE_END} markers`);
writeFileSync(FACTS_PAGE, `${page.slice(0, start + FACTS_TABLE_START.length)}\n${factsTable()}\n${page.slice(end)}`);
console.log(`wrote ${FACTS_SCHEMA_FILE} and the table in ${FACTS_PAGE}`);
