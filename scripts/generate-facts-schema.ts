/**
 * Writes schemas/facts.schema.json from the facts contract (src/facts/contract.ts). Run with
 * `npm run build && node dist/scripts/generate-facts-schema.js` after changing the contract;
 * test/facts/contract.test.ts fails while the published schema and the contract differ.
 */
import { writeFileSync } from 'node:fs';
import { FACTS_SCHEMA_FILE, factsSchemaText } from '../src/facts/facts-schema.js';

writeFileSync(FACTS_SCHEMA_FILE, factsSchemaText());
console.log(`wrote ${FACTS_SCHEMA_FILE}`);
