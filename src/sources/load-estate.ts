import type { Estate, EstateResource, ScannedScope } from '../estate.js';
import { foldCase, idKey, parseResourceId } from '../ids.js';
import { UserError } from '../errors.js';
import type { ElementIndex } from '../json/element-index.js';
import { readEstateFile, type EstateFile } from './estate-file.js';
import { resolveResourceType } from './resource-type.js';
import { DroppedDuplicates } from './duplicates.js';

export interface IndexedEstate {
  estate: Estate;
  /** Per file read in parts (by the name the estate's origins use): where each resource starts, for locating findings later. */
  elementIndexes: ReadonlyMap<string, ElementIndex>;
}

/** Reads every estate file and merges them into one Estate; a resource seen twice (ids compared ignoring ASCII case) is kept once. */
export function loadEstate(files: readonly string[]): Estate {
  return loadIndexedEstate(files).estate;
}

/** As loadEstate, with where each file's resources start, which locating findings (report/locate.ts) takes. */
export function loadIndexedEstate(files: readonly string[]): IndexedEstate {
  if (files.length === 0) throw new UserError('--snapshot: no estate file given');
  const estateFiles = files.map(readEstateFile);
  const elementIndexes = new Map<string, ElementIndex>();
  for (const { file, index } of estateFiles) if (index) elementIndexes.set(file, index);
  return { estate: mergeEstateFiles(estateFiles), elementIndexes };
}

/**
 * Merges estate files. Every resource is either scanned or named in a warning: a resource whose
 * id equals an earlier one's (ignoring ASCII case, as Azure compares ids) is dropped, and unless
 * it is an exact copy (same id, same content) a warning names both ids, as written.
 */
export function mergeEstateFiles(estateFiles: readonly EstateFile[]): Estate {
  const estate: Estate = { resources: [], scopes: [], coverage: [], files: [], warnings: [] };
  const seen = new Map<string, EstateResource>();
  const scopes = new Map<string, ScannedScope>();
  const duplicates = new DroppedDuplicates();

  for (const estateFile of estateFiles) {
    estate.files.push(estateFile.file);
    // Loops, not push(...list): spreading a list of 100,000s of entries overflows the stack.
    for (const warning of estateFile.warnings) estate.warnings.push(warning);
    for (const entry of estateFile.coverage) estate.coverage.push(entry);
    if (estateFile.shard) (estate.shards ??= []).push({ file: estateFile.file, shard: estateFile.shard });
    for (const scope of estateFile.scopes) scopes.set(foldCase(scope.subscriptionId), scope);

    for (const { resource, path } of estateFile.resources) {
      const { type, warning } = resolveResourceType(resource, estateFile.file, path);
      const origin = { file: estateFile.file, path };
      const key = idKey(resource.id);
      const earlier = seen.get(key);
      if (earlier) {
        duplicates.drop(earlier, resource, origin);
        continue;
      }
      if (warning) estate.warnings.push(warning);
      const entry: EstateResource = { resource, type, origin };
      seen.set(key, entry);
      estate.resources.push(entry);
    }
  }
  for (const warning of duplicates.warnings()) estate.warnings.push(warning);
  addScopesSeenOnlyInResources(estate, scopes);
  estate.scopes = [...scopes.values()];
  return estate;
}

const SUBSCRIPTION_PREFIX = /^\/subscriptions\/([^/]+)(?:\/|$)/i;

function addScopesSeenOnlyInResources(estate: Estate, scopes: Map<string, ScannedScope>): void {
  for (const { resource } of estate.resources) {
    // Most ids start with their subscription: read it there rather than parse the whole id.
    const subscriptionId = SUBSCRIPTION_PREFIX.exec(resource.id)?.[1] ?? parseResourceId(resource.id).subscriptionId;
    if (subscriptionId && !scopes.has(foldCase(subscriptionId))) {
      scopes.set(foldCase(subscriptionId), { subscriptionId });
    }
  }
}
