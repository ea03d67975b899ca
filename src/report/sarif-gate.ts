import type { Notification, Result, Suppression as SarifSuppression } from 'sarif';
import type { Suppression } from '../config/suppressions.js';
import { FINGERPRINT_KEY, UNVERIFIED_NOTIFICATION_ID, type BaselineFinding } from '../gate/baseline.js';
import { withoutEmbeddedLinks } from '../engine/message.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import type { ArtifactUri } from './artifact-uri.js';

/**
 * The gate's marks in SARIF terms. A suppression in force is `accepted`; an expired one stays on
 * the result as `rejected`, which SARIF defines as "not suppressed", so viewers show the alert again
 * and the reader sees which suppression lapsed.
 */
export function sarifSuppressions(finding: GatedFinding): SarifSuppression[] | undefined {
  if (finding.suppression) return [sarifSuppression(finding.suppression, 'accepted')];
  if (finding.expiredSuppression) return [sarifSuppression(finding.expiredSuppression, 'rejected')];
  return undefined;
}

function sarifSuppression(suppression: Suppression, status: 'accepted' | 'rejected'): SarifSuppression {
  return {
    kind: 'external',
    status,
    justification: status === 'rejected' ? `Expired on ${suppression.expires}: ${suppression.justification}` : suppression.justification,
    properties: {
      source: suppression.source,
      ...(suppression.expires ? { expires: suppression.expires } : {}),
      ...(suppression.permanent ? { permanent: true } : {}),
      ...(suppression.approvedBy ? { approvedBy: suppression.approvedBy } : {}),
      ...(suppression.owner ? { owner: suppression.owner } : {}),
      ...(suppression.ticket ? { ticket: suppression.ticket } : {}),
    },
  };
}

/**
 * A finding of the baseline that is gone. Its location is where the earlier scan found it (its URI
 * as this run writes URIs).
 * `kind: pass` with `level: none` says the rule now passes there, so a viewer that ignores
 * `baselineState` still does not show it as an open problem.
 */
export function absentResult(finding: BaselineFinding, ruleIndex: number | undefined, artifactLocation: ArtifactUri): Result {
  const { ruleId, properties, ...rest } = baselineResult(finding, artifactLocation);
  return { ruleId, ...(ruleIndex === undefined ? {} : { ruleIndex }), kind: 'pass', level: 'none', ...rest, baselineState: 'absent', properties };
}

/**
 * A baseline finding this scan could not re-check, as the baseline had it, for the unverified
 * notification to carry (UNVERIFIED_NOTIFICATION_ID) and a later scan's baseline to read back.
 */
export function carriedResult(finding: BaselineFinding, artifactLocation: ArtifactUri): Result {
  return {
    ...baselineResult(finding, artifactLocation),
    ...(finding.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted' }] } : {}),
  };
}

function baselineResult(finding: BaselineFinding, artifactLocation: ArtifactUri): Result {
  return {
    ruleId: finding.ruleId,
    message: { text: withoutEmbeddedLinks(finding.message) },
    locations: [
      {
        physicalLocation: { artifactLocation, region: { ...finding.region } },
        logicalLocations: [{ fullyQualifiedName: finding.resourceId, ...(finding.resourceName ? { name: finding.resourceName } : {}), kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      resourceId: finding.resourceId,
      failingPaths: finding.failingPaths,
      severity: finding.severity,
      ...(finding.firstDetectedAt ? { firstDetectedAt: finding.firstDetectedAt } : {}),
    },
  };
}

/** Expired and stale suppressions, and baseline findings not re-checked, so they show wherever the SARIF is read. */
export function gateNotifications(result: ScanResult, artifactLocationOf: (finding: BaselineFinding) => ArtifactUri): Notification[] {
  const unverified: Notification[] =
    result.unverified.length === 0
      ? []
      : [
          {
            level: 'warning',
            message: {
              text: `${result.unverified.length} finding(s) of the baseline could not be re-checked (subscription not scanned or not readable, rule not run, or resource out of scope); they are not reported as fixed.`,
            },
            descriptor: { id: UNVERIFIED_NOTIFICATION_ID },
            properties: {
              fingerprints: result.unverified.map((f) => f.fingerprint),
              results: result.unverified.map((finding) => carriedResult(finding, artifactLocationOf(finding))),
            },
          },
        ];
  return [...unverified, ...suppressionNotifications(result)];
}

function suppressionNotifications(result: ScanResult): Notification[] {
  return result.suppressions
    .filter((status) => status.state !== 'active')
    .map((status) => {
      const { suppression } = status;
      const what = `Suppression ${suppression.source} (rule ${suppression.rule}, resource ${suppression.resource})`;
      return status.state === 'expired'
        ? {
            level: 'warning',
            message: { text: withoutEmbeddedLinks(`${what} expired on ${suppression.expires}; the ${status.matched} finding(s) it matched count toward the gate again.`) },
            descriptor: { id: 'AIS-SUPPRESSION-EXPIRED' },
            properties: { source: suppression.source, matched: status.matched },
          }
        : {
            level: 'note',
            message: { text: withoutEmbeddedLinks(`${what} matches no finding: the risk is gone or the pattern is wrong. Remove it or fix it.`) },
            descriptor: { id: 'AIS-SUPPRESSION-STALE' },
            properties: { source: suppression.source },
          };
    });
}
