/**
 * Files a kustomization names as patches. A strategic-merge patch is a fragment of an object, and
 * what it leaves out would read as failures, so a fragment is not scanned. But the kustomization is
 * the pull request's to write as much as the patch: `kubectl apply -f FOLDER` applies every file
 * of the folder whole, patches included, so a whole object named as a patch is scanned all the same.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lenientText } from '../../json/read-json.js';
import { yamlModule } from '../../load-on-use.js';
import { repositoryRoot } from '../inputs/repository-root.js';
import { readManifests, type ManifestObject } from './read-manifests.js';
import { fragmentReason } from './whole-object.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(file));
}

/**
 * The kustomization that names the file as a patch (`patches[].path`, `patchesStrategicMerge`,
 * `patchesJson6902[].path`), if one does. kustomize reads a patch only from inside its
 * kustomization's folder (`patches/gpu.yaml` of an overlay, say), so the kustomizations looked at
 * are those of the file's folder and the folders above it, up to the repository's root; outside a
 * repository, the file's own folder only.
 */
export function kustomizationNaming(file: string): string | undefined {
  const target = resolve(file);
  const root = repositoryRoot(target);
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    const kustomization = KUSTOMIZATION_FILES.map((name) => join(folder, name)).find((path) => existsSync(path));
    if (kustomization !== undefined && patchesOf(kustomization).has(target)) return kustomization;
    if (root === undefined || folder === root || dirname(folder) === folder) return undefined;
  }
}

/**
 * Why a patch file is not scanned: every object in it is a fragment (the first one's reason), or it
 * holds no object at all. Undefined when an object in it is whole, or when it does not parse: it is
 * then read as a manifest, and reading it says what is wrong.
 */
export function patchNotScanned(file: string): string | undefined {
  let objects: ManifestObject[];
  try {
    objects = readManifests(lenientText(readFileSync(file)), file).objects;
  } catch {
    return undefined;
  }
  if (objects.length === 0) return 'it holds no Kubernetes object';
  const reasons = objects.map(({ object }) => fragmentReason(object));
  return reasons.every((reason) => reason !== undefined) ? `${described(objects[0])} is a fragment (${reasons[0]})` : undefined;
}

/**
 * The whole objects of a patch file, each with a warning that it is scanned although named as a
 * patch; each fragment is left out with a warning that says why.
 */
export function wholeObjectsOfPatch(objects: readonly ManifestObject[], file: string, kustomization: string): { objects: ManifestObject[]; warnings: string[] } {
  const whole: ManifestObject[] = [];
  const warnings: string[] = [];
  for (const entry of objects) {
    const reason = fragmentReason(entry.object);
    if (reason === undefined) {
      whole.push(entry);
      warnings.push(`${file}:${entry.line}: ${kustomization} names this file as a patch, but ${described(entry)} is a whole object, which kubectl apply -f creates as it stands: scanned`);
    } else {
      warnings.push(`${file}:${entry.line}: ${described(entry)} is a patch fragment (${reason}): not scanned; scan what kustomize build renders`);
    }
  }
  return { objects: whole, warnings };
}

function described({ object }: ManifestObject): string {
  const name = (object.metadata as Record<string, unknown> | undefined)?.name;
  return `the ${String(object.kind)}${typeof name === 'string' && name !== '' ? ` ${JSON.stringify(name)}` : ''}`;
}

/** A folder's YAML files are recognised one by one: its kustomization is read once, and again only when it changes. */
const kustomizations = new Map<string, { changed: number; size: number; patches: Set<string> }>();

function patchesOf(kustomization: string): Set<string> {
  const { mtimeMs, size } = statSync(kustomization);
  const known = kustomizations.get(kustomization);
  if (known && known.changed === mtimeMs && known.size === size) return known.patches;
  let config: unknown;
  try {
    config = yamlModule().parse(lenientText(readFileSync(kustomization)), { maxAliasCount: 100 });
  } catch {
    config = undefined;
  }
  const patches = new Set(patchPaths(config).map((path) => resolve(dirname(kustomization), path)));
  kustomizations.set(kustomization, { changed: mtimeMs, size, patches });
  return patches;
}

function patchPaths(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const { patches, patchesStrategicMerge, patchesJson6902 } = config as Record<string, unknown>;
  const pathsOf = (entries: unknown) => (Array.isArray(entries) ? entries.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).path : entry)) : []);
  return [...pathsOf(patches), ...pathsOf(patchesStrategicMerge), ...pathsOf(patchesJson6902)].filter((path): path is string => typeof path === 'string');
}
