import { applyGate } from '../../src/gate/gate.js';
import type { Baseline, BaselineFinding } from '../../src/gate/baseline.js';
import { compareWithBaseline } from '../../src/gate/match-baseline.js';
import { EXIT } from '../../src/gate/exit-code.js';
import type { Finding } from '../../src/engine/finding.js';
import { finding, POOL, suppression, VM } from './findings.js';

const NOW = new Date('2026-06-15T12:00:00Z');

function baselineOf(...findings: Finding[]): Baseline {
  return {
    file: 'previous.sarif',
    findings: findings.map(
      (f): BaselineFinding => ({
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        message: f.message,
        severity: f.severity,
        resourceId: f.resourceId,
        failingPaths: f.failingPaths,
        suppressed: false,
        uri: 'estate.json',
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      }),
    ),
  };
}

describe('matching against a baseline', () => {
  const old = finding('AIS-AKS-001', POOL);

  it('matches by rule and resource id ignoring case and order, never by position', () => {
    const current = [finding('AIS-NET-001', VM), finding('AIS-AKS-001', POOL.toUpperCase(), { message: old.message })];
    const comparison = compareWithBaseline(current, baselineOf(old));
    expect(current.map(comparison.stateOf)).toEqual(['new', 'unchanged']);
    expect(comparison.absent).toEqual([]);
  });

  it('calls a finding updated when its message or failing paths changed', () => {
    const comparison = compareWithBaseline([{ ...old, message: 'different now' }], baselineOf(old));
    expect(comparison.stateOf({ ...old, message: 'different now' })).toBe('updated');
    expect(comparison.stateOf({ ...old, failingPaths: ['properties.y'] })).toBe('updated');
    expect(comparison.stateOf({ ...old, failingPaths: [...old.failingPaths] })).toBe('unchanged');
  });

  it('lists a baseline finding with no current counterpart as absent', () => {
    const comparison = compareWithBaseline([], baselineOf(old));
    expect(comparison.absent.map((f) => f.ruleId)).toEqual(['AIS-AKS-001']);
  });
});

describe('the gate', () => {
  const high = finding('AIS-AKS-001', POOL);
  const medium = finding('AIS-NET-001', VM, { severity: 'medium' });

  it('fails on findings at or above the threshold, and not below', () => {
    expect(applyGate([medium], { failOn: 'high', now: NOW, gaps: [] }).exitCode).toBe(EXIT.clean);
    expect(applyGate([medium, high], { failOn: 'high', now: NOW, gaps: [] }).exitCode).toBe(EXIT.findings);
    expect(applyGate([high], { failOn: 'none', now: NOW, gaps: [] }).exitCode).toBe(EXIT.clean);
  });

  it('with --new-only, a second scan with the first as baseline gates nothing', () => {
    const gate = applyGate([high, medium], { failOn: 'low', newOnly: true, baseline: baselineOf(high, medium), now: NOW, gaps: [] });
    expect(gate.findings.map((f) => [f.baselineState, f.gating])).toEqual([
      ['unchanged', false],
      ['unchanged', false],
    ]);
    expect(gate.exitCode).toBe(EXIT.clean);
  });

  it('with --new-only, a new violation gates', () => {
    const gate = applyGate([high, medium], { failOn: 'high', newOnly: true, baseline: baselineOf(medium), now: NOW, gaps: [] });
    expect(gate.findings.find((f) => f.ruleId === 'AIS-AKS-001')).toMatchObject({ baselineState: 'new', gating: true });
    expect(gate.exitCode).toBe(EXIT.findings);
  });

  it('with a baseline but without --new-only, old findings still gate', () => {
    expect(applyGate([high], { failOn: 'high', baseline: baselineOf(high), now: NOW, gaps: [] }).exitCode).toBe(EXIT.findings);
  });

  it('refuses --new-only without a baseline', () => {
    expect(() => applyGate([high], { failOn: 'high', newOnly: true, now: NOW, gaps: [] })).toThrow('--new-only needs --baseline');
  });

  it('does not count a suppressed finding, and reports it as suppressed', () => {
    const gate = applyGate([high], { failOn: 'high', suppressions: [suppression({ rule: 'AIS-AKS-001', resource: POOL })], now: NOW, gaps: [] });
    expect(gate.findings[0]).toMatchObject({ gating: false, suppression: { rule: 'AIS-AKS-001' } });
    expect(gate.exitCode).toBe(EXIT.clean);
  });

  it('gates again on an expired suppression, even for an old finding under --new-only', () => {
    const expired = suppression({ rule: 'AIS-AKS-001', resource: POOL, expires: '2026-06-14' });
    const gate = applyGate([high], { failOn: 'high', newOnly: true, baseline: baselineOf(high), suppressions: [expired], now: NOW, gaps: [] });
    expect(gate.findings[0]).toMatchObject({ gating: true, baselineState: 'unchanged', expiredSuppression: { expires: '2026-06-14' } });
    expect(gate.findings[0].suppression).toBeUndefined();
    expect(gate.suppressions[0]).toMatchObject({ state: 'expired', matched: 1 });
    expect(gate.exitCode).toBe(EXIT.findings);
  });

  it('exits 3 for coverage gaps when nothing gates, and 1 when something does', () => {
    const gap = { subscriptionId: 's', resourceType: 'Microsoft.Compute/virtualMachines', status: 'denied' as const };
    expect(applyGate([medium], { failOn: 'high', now: NOW, gaps: [gap] }).exitCode).toBe(EXIT.incomplete);
    expect(applyGate([high], { failOn: 'high', now: NOW, gaps: [gap] }).exitCode).toBe(EXIT.findings);
  });

  it('reports a baseline finding it could not re-check as unverified, not fixed', () => {
    const gate = applyGate([], { failOn: 'high', baseline: baselineOf(high, medium), now: NOW, gaps: [], rechecked: (f) => f.ruleId !== 'AIS-NET-001' });
    expect(gate.absent.map((f) => f.ruleId)).toEqual(['AIS-AKS-001']);
    expect(gate.unverified.map((f) => f.ruleId)).toEqual(['AIS-NET-001']);
  });
});
