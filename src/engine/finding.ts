import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { JsonPath } from '../estate.js';
import { idKey } from '../ids.js';
import type { Severity } from './rule.js';

/** A rule × resource that breaks it. */
export interface Finding {
  ruleId: string;
  ruleName: string;
  area: string;
  severity: Severity;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  /** For a template's resource: how its author knows it (symbolic name, or type and name as written). */
  declaredAs?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  message: string;
  /** Failing properties, as dotted paths relative to the resource (or pool), spelled as in the file. */
  failingPaths: string[];
  /**
   * The file and the JSON path in it that the finding points at: the offending property or its
   * nearest enclosing object. In a file that is not JSON (Bicep), the line (and column) of the
   * statement that declares the resource instead.
   */
  location: { file: string; path: JsonPath; line?: number; column?: number };
  /** Stable across runs, re-ordering and lines moving: rule id + lower-cased resource id, or a Terraform resource's address (+ the parameter file's name, for a template). */
  fingerprint: string;
}

/**
 * A template evaluated with two parameter files may declare the same id in both: the parameter
 * file's name (not its path, which differs between the checkouts a baseline compares) tells them apart.
 */
export function findingFingerprint(ruleId: string, resourceId: string, parameterFile?: string): string {
  // `resourceId` is the id, or what stands for it when the id may change (a Terraform address).
  const run = parameterFile === undefined ? '' : `|${basename(parameterFile.replace(/\\/g, '/'))}`;
  return createHash('sha256').update(`${ruleId}|${idKey(resourceId)}${run}`).digest('hex');
}

/** `['properties', 'agentPoolProfiles', 1, 'vmSize']` → `properties.agentPoolProfiles[1].vmSize` */
export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? (index === 0 ? segment : `.${segment}`) : `[${JSON.stringify(segment)}]`,
    )
    .join('');
}

/** Inverse of formatPath for the simple paths rule authors write (`a.b[0].c`). */
export function parsePath(path: string): JsonPath {
  const segments: JsonPath = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}
