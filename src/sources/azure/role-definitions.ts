import type { ArmResource, CoverageEntry } from '../../estate.js';

const guidOf = (id: string) => (id.split('/').pop() ?? id).toLowerCase();

/**
 * A role definition list at subscription scope returns every built-in role (hundreds, the same
 * in every subscription) with the custom ones. Kept: every custom role, and the built-in roles
 * some role assignment or PIM schedule instance read here uses. When the assignments could not be
 * read, all are kept.
 */
export function keepUsedRoleDefinitions(definitions: readonly ArmResource[], assignments: readonly ArmResource[] | undefined): ArmResource[] {
  if (!assignments) return [...definitions];
  const used = new Set(
    assignments.map((assignment) => (assignment.properties as { roleDefinitionId?: unknown } | undefined)?.roleDefinitionId).filter((id): id is string => typeof id === 'string').map(guidOf),
  );
  return definitions.filter((definition) => {
    const roleType = (definition.properties as { type?: unknown } | undefined)?.type;
    return roleType !== 'BuiltInRole' || used.has(guidOf(definition.id));
  });
}

/** Says in the coverage entry how many were left out, so the count is not mistaken for the whole list. */
export function noteLeftOut(entry: CoverageEntry | undefined, kept: number, listed: number): void {
  if (!entry || entry.status !== 'read' || kept === listed) return;
  entry.count = kept;
  entry.message = `${listed - kept} built-in role definition(s) that no role assignment or PIM schedule instance here uses were left out`;
}
