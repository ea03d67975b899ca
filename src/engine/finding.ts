import { createHash } from 'node:crypto';
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
  subscriptionId?: string;
  resourceGroup?: string;
  message: string;
  /** Failing properties, as dotted paths relative to the resource (or pool), spelled as in the file. */
  failingPaths: string[];
  /** The file and the JSON path in it that the finding points at: the offending property or its nearest enclosing object. */
  location: { file: string; path: JsonPath };
  /** Stable across runs and re-ordering: rule id + lower-cased resource id. */
  fingerprint: string;
}

export function findingFingerprint(ruleId: string, resourceId: string): string {
  return createHash('sha256').update(`${ruleId}|${idKey(resourceId)}`).digest('hex');
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
