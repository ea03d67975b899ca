/**
 * Puts a plan's resources on the `.tf` lines that declare them: the root module's files in the
 * plan's folder (or the folder given), a module's in its source folder (a local path from the
 * plan's `module_calls`, or where `terraform init` put a registry module, as
 * `.terraform/modules/modules.json` says). A resource whose block is not found keeps its place in
 * the plan file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { EstateResource, JsonPath } from '../../estate.js';
import { isRecord } from '../../json/is-record.js';
import { repositoryRoot } from '../inputs/repository-root.js';
import { resourceBlocks, type TfResourceBlock } from './tf-blocks.js';

export interface TfLocation {
  /** The folder of the root module's .tf files (default: the plan file's folder). */
  root: string;
}

export function tfLocator(planFile: string, configuration: Record<string, unknown>, location: TfLocation): (resource: EstateResource) => EstateResource {
  // Module sources come from the plan, which comes with the pull request: never read outside the
  // repository (or, outside one, the root module's folder).
  const boundary = repositoryRoot(planFile) ?? location.root;
  const inside = (folder: string) => {
    const path = relative(boundary, resolve(folder));
    return !path.startsWith('..') && !isAbsolute(path);
  };
  const installed = installedModules(location.root);
  const folders = new Map<string, string>([['', location.root]]);
  const walk = (module: unknown, key: string, folder: string) => {
    if (!isRecord(module) || !isRecord(module.module_calls)) return;
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (!isRecord(call)) continue;
      const childKey = key === '' ? name : `${key}.${name}`;
      const source = typeof call.source === 'string' ? call.source : '';
      // Where terraform init says the module is wins: a local source inside a registry module sits in a folder of its own there.
      const childFolder = installed.get(childKey) ?? (source.startsWith('./') || source.startsWith('../') ? join(folder, source) : undefined);
      if (childFolder === undefined || !inside(childFolder)) continue;
      folders.set(childKey, childFolder);
      walk(call.module, childKey, childFolder);
    }
  };
  walk(configuration.root_module, '', location.root);

  const blocksIn = (key: string) => {
    const folder = folders.get(key);
    const found = new Map<string, { file: string; block: TfResourceBlock }>();
    if (folder === undefined || !inside(folder) || !existsSync(folder)) return found;
    for (const entry of readdirSync(folder).filter((name) => name.endsWith('.tf')).sort()) {
      const file = join(folder, entry);
      for (const block of resourceBlocks(readFileSync(file, 'utf8'))) if (!found.has(block.address)) found.set(block.address, { file, block });
    }
    return found;
  };
  const byModule = new Map<string, Map<string, { file: string; block: TfResourceBlock }>>();

  return (resource) => {
    const address = resource.origin.declared?.as;
    if (address === undefined) return resource;
    const { moduleKey, configAddress } = splitAddress(address);
    const module = /^(module\..*?)\.(?!module\.)[a-z][a-z0-9_]*\.[^.]+$/.exec(address.replace(/\[[^\]]*\]/g, ''))?.[1];
    let inModule = byModule.get(moduleKey);
    if (!inModule) byModule.set(moduleKey, (inModule = blocksIn(moduleKey)));
    const found = inModule.get(configAddress);
    const declared = { ...resource.origin.declared!, key: `terraform:${address}`, ...(module !== undefined ? { module } : {}) };
    if (!found) return { ...resource, origin: { ...resource.origin, declared } };
    // The block's attributes are the change's `after`; a resource declared within one of them (what
    // template_content deploys) is put on that attribute's line, not on an attribute of its own name.
    const after = resource.origin.path.indexOf('after');
    const base = after < 0 ? resource.origin.path : resource.origin.path.slice(0, after + 1);
    const lines = [...found.block.attributes].map(([path, position]) => ({ path: [...base, ...attributePath(path)], line: position.line, column: position.column }));
    return {
      ...resource,
      origin: { ...resource.origin, file: found.file, declared: { ...declared, line: found.block.line, column: found.block.column, lines } },
    };
  };
}

/** `module.aks["x"].azurerm_x.y[0]` → module key `aks`, configuration address `azurerm_x.y`. */
function splitAddress(address: string): { moduleKey: string; configAddress: string } {
  const plain = address.replace(/\[[^\]]*\]/g, '');
  const modules: string[] = [];
  let rest = plain;
  for (let match = /^module\.([^.]+)\./.exec(rest); match; match = /^module\.([^.]+)\./.exec(rest)) {
    modules.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  return { moduleKey: modules.join('.'), configAddress: rest };
}

function attributePath(dotted: string): JsonPath {
  return dotted.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Registry modules `terraform init` installed: `.terraform/modules/modules.json`, by module key (`aks`, `aks.node`). */
function installedModules(root: string): Map<string, string> {
  const file = join(root, '.terraform', 'modules', 'modules.json');
  const folders = new Map<string, string>();
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const modules = isRecord(manifest) && Array.isArray(manifest.Modules) ? manifest.Modules : [];
    for (const module of modules) if (isRecord(module) && typeof module.Key === 'string' && typeof module.Dir === 'string') folders.set(module.Key, join(root, module.Dir));
  } catch {
    // No modules installed here (terraform init ran elsewhere): local modules are still found.
  }
  return folders;
}
