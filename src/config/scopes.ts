import { isGlob, globToRegExp } from '../glob.js';
import { foldCase, idKey } from '../ids.js';
import type { ScopeSettings } from './config.js';

export interface ScopeFilter {
  /** Whether findings and outcomes are reported for this resource. */
  includesResource: (resourceId: string) => boolean;
  /** Whether a coverage gap in this subscription concerns the scan. */
  includesSubscription: (subscriptionId: string) => boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subscription id is shorthand for `/subscriptions/<id>`; ids compare ignoring case. */
function normalise(scope: string): string {
  return GUID.test(scope) ? `/subscriptions/${foldCase(scope)}` : idKey(scope);
}

/** Matches an id that is the scope or below it (a prefix ending on a `/` boundary), or that a glob scope matches. */
function scopeMatcher(scope: string): { covers: (id: string) => boolean; glob: boolean } {
  if (isGlob(scope)) {
    const self = globToRegExp(scope);
    const below = globToRegExp(`${scope}/**`);
    return { covers: (id) => self.test(id) || below.test(id), glob: true };
  }
  return { covers: (id) => id === scope || id.startsWith(`${scope}/`), glob: false };
}

export function scopeFilter(settings: ScopeSettings = {}): ScopeFilter {
  const include = (settings.include ?? []).map((scope) => ({ scope: normalise(scope), ...scopeMatcher(normalise(scope)) }));
  const exclude = (settings.exclude ?? []).map((scope) => scopeMatcher(normalise(scope)));
  return {
    includesResource: (resourceId) => {
      const id = idKey(resourceId);
      return (include.length === 0 || include.some((m) => m.covers(id))) && !exclude.some((m) => m.covers(id));
    },
    // A gap matters unless its subscription is clearly out of scope: a glob might match inside any
    // subscription, and an unread type must never be hidden by a guess.
    includesSubscription: (subscriptionId) => {
      const subscription = `/subscriptions/${foldCase(subscriptionId)}`;
      const related = (m: (typeof include)[number]) => m.glob || m.covers(subscription) || m.scope.startsWith(`${subscription}/`);
      return (include.length === 0 || include.some(related)) && !exclude.some((m) => m.covers(subscription));
    },
  };
}

export function hasScopes(settings: ScopeSettings | undefined): boolean {
  return (settings?.include?.length ?? 0) + (settings?.exclude?.length ?? 0) > 0;
}
