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
  let duplicates = 0;

  for (const estateFile of estateFiles) {
    estate.files.push(estateFile.file);
    // Loops, not push(...list): spreading a list of 100,000s of entries overflows the stack.
    for (const warning of estateFile.warnings) estate.warnings.push(warning);
    for (const entry of estateFile.coverage) estate.coverage.push(entry);
    for (const scope of estateFile.scopes) scopes.set(scope.subscriptionId.toLowerCase(), scope);

    for (const { resource, path } of estateFile.resources) {
      const key = idKey(resource.id);
      const earlier = seen.get(key);
      if (earlier) {
        if (++duplicates <= MAX_DUPLICATE_WARNINGS) {
          estate.warnings.push(
            `${estateFile.file}: ${resource.id} is also in ${earlier.origin.file} (ids compare ignoring case); the first one is scanned`,
          );
        }
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
  if (duplicates > MAX_DUPLICATE_WARNINGS) {
    estate.warnings.push(`${duplicates - MAX_DUPLICATE_WARNINGS} more resources were given twice (ids compare ignoring case); the first of each is scanned`);
  }
  addScopesSeenOnlyInResources(estate, scopes);
  estate.scopes = [...scopes.values()];
  return estate;
}

const MAX_DUPLICATE_WARNINGS = 20;
const SUBSCRIPTION_PREFIX = /^\/subscriptions\/([^/]+)(?:\/|$)/i;

function addScopesSeenOnlyInResources(estate: Estate, scopes: Map<string, ScannedScope>): void {
  for (const { resource } of estate.resources) {
    // Most ids start with their subscription: read it there rather than parse the whole id.
    const subscriptionId = SUBSCRIPTION_PREFIX.exec(resource.id)?.[1] ?? parseResourceId(resource.id).subscriptionId;
    if (subscriptionId && !scopes.has(subscriptionId.toLowerCase())) {
      scopes.set(subscriptionId.toLowerCase(), { subscriptionId });
    }
  }
}
