/**
 * Writes src/facts/azure-properties.json: the property paths each resource type aiscan's rules and
 * facts cover can have, from the models of the Azure SDK for JavaScript (generated from the Azure
 * REST API specs at the api-version recorded for each type). Rules that read a path none of their
 * types can have get a warning when they load (src/engine/property-paths.ts).
 *
 *   npm run build
 *   npm install --no-save --prefix /tmp/azure-models @azure/arm-monitor@7.0.0 @azure/arm-msi@2.2.0 @azure/arm-resources-subscriptions@2.1.1
 *   node dist/scripts/generate-azure-properties.js /tmp/azure-models
 *
 * The other packages are aiscan's own dependencies (their versions pinned by package-lock.json);
 * the three above are only needed here. The script stops if a package's version differs from the
 * one listed, so that the recorded source stays true.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AzureProperties, KnownType } from '../src/engine/property-paths.js';
import { knownType, SOURCES } from '../support/azure-properties/sources.js';

const OUTPUT = join('src', 'facts', 'azure-properties.json');

async function main(): Promise<void> {
  const roots = [process.cwd(), ...process.argv.slice(2)];
  const types: Record<string, KnownType> = {};
  for (const source of SOURCES) types[source.type] = await knownType(source, roots);
  const data: AzureProperties = {
    description:
      'Property paths each resource type can have, from the Azure SDK for JavaScript models (generated from the Azure REST API specs, specification/<provider>/resource-manager at the api-version given). Written by scripts/generate-azure-properties.ts: do not edit. A tree per type: names (compared ignoring case), "*" for any key of a map, "any" where anything may be below, 0 for a value; arrays are transparent.',
    types,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(data)}\n`);
  console.log(`wrote ${OUTPUT} (${Object.keys(types).length} types)`);
}

await main();
