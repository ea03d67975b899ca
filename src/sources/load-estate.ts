import type { Estate, EstateResource, ScannedScope } from '../estate.js';
import { idKey, parseResourceId } from '../ids.js';
import { UserError } from '../errors.js';
import { readEstateFile, type EstateFile } from './estate-file.js';

/** Reads every estate file and merges them into one Estate; a resource seen twice (ids compared ignoring case) is kept once. */
export function loadEstate(files: readonly string[]): Estate {
  if (files.length === 0) throw new UserError('--snapshot: no estate file given');
  return mergeEstateFiles(files.map(readEstateFile));
}

export function mergeEstateFiles(estateFiles: readonly EstateFile[]): Estate {
  const estate: Estate = { resources: [], scopes: [], coverage: [], files: [], warnings: [] };
  const seen = new Map<string, EstateResource>();
  const scopes = new Map<string, ScannedScope>();

  for (const estateFile of estateFiles) {
    estate.files.push(estateFile.file);
    estate.warnings.push(...estateFile.warnings);
    estate.coverage.push(...estateFile.coverage);
    for (const scope of estateFile.scopes) scopes.set(scope.subscriptionId.toLowerCase(), scope);

    for (const { resource, path } of estateFile.resources) {
      const key = idKey(resource.id);
      const earlier = seen.get(key);
      if (earlier) {
        estate.warnings.push(
          `${estateFile.file}: ${resource.id} is also in ${earlier.origin.file} (ids compare ignoring case); the first one is scanned`,
        );
        continue;
      }
      const type = resource.type ?? parseResourceId(resource.id).type;
      if (!type) {
        const pointer = path.map((s) => `/${s}`).join('');
        throw new UserError(`${estateFile.file}: at ${pointer}/type: the resource has no type and its id does not name one`);
      }
      const entry: EstateResource = { resource, type, origin: { file: estateFile.file, path } };
      seen.set(key, entry);
      estate.resources.push(entry);
    }
  }
  addScopesSeenOnlyInResources(estate, scopes);
  estate.scopes = [...scopes.values()];
  return estate;
}

function addScopesSeenOnlyInResources(estate: Estate, scopes: Map<string, ScannedScope>): void {
  for (const { resource } of estate.resources) {
    const subscriptionId = parseResourceId(resource.id).subscriptionId;
    if (subscriptionId && !scopes.has(subscriptionId.toLowerCase())) {
      scopes.set(subscriptionId.toLowerCase(), { subscriptionId });
    }
  }
}
