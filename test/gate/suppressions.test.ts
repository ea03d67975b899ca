import { applySuppressions, suppressionEnd } from '../../src/gate/apply-suppressions.js';
import { globToRegExp, idMatcher } from '../../src/glob.js';
import { finding, POOL, SUB, suppression, VM } from './findings.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('suppression expiry, by the scan clock', () => {
  it('holds through the whole of its last day (UTC) and ends at the next midnight', () => {
    const s = suppression({ rule: '*', resource: VM, expires: '2026-06-15' });
    expect(suppressionEnd(s)!.toISOString()).toBe('2026-06-16T00:00:00.000Z');
    const at = (iso: string) => applySuppressions([finding('AIS-NET-001', VM)], [s], new Date(iso)).statuses[0].state;
    expect(at('2026-06-15T23:59:59.999Z')).toBe('active');
    expect(at('2026-06-16T00:00:00.000Z')).toBe('expired');
  });

  it('never ends when permanent', () => {
    const s = suppression({ rule: '*', resource: VM, expires: undefined, permanent: true, approvedBy: 'ciso' });
    const { statuses } = applySuppressions([finding('AIS-NET-001', VM)], [s], new Date('2999-01-01'));
    expect(statuses[0]).toMatchObject({ state: 'active', matched: 1 });
    expect(statuses[0].endsAt).toBeUndefined();
  });

  it('counts the days left, for reports that warn before a suppression ends', () => {
    const { statuses } = applySuppressions([finding('AIS-NET-001', VM)], [suppression({ rule: '*', resource: VM, expires: '2026-06-20' })], NOW);
    expect(statuses[0].daysLeft).toBe(6);
  });
});

describe('what a suppression matches', () => {
  const onVm = finding('AIS-NET-001', VM);
  const onPool = finding('AIS-AKS-001', POOL);

  it('matches a resource id exactly, ignoring case and a trailing slash', () => {
    const applied = applySuppressions([onVm], [suppression({ rule: 'AIS-NET-001', resource: `${VM.toLowerCase()}/` })], NOW);
    expect(applied.decisionFor(onVm).active).toBeDefined();
  });

  it('matches a glob over resource ids: * within a segment, ** across segments', () => {
    const decide = (resource: string) => applySuppressions([onVm, onPool], [suppression({ rule: '*', resource })], NOW);
    expect(decide(`${SUB}/resourceGroups/*/providers/Microsoft.Compute/virtualMachines/vm-*`).statuses[0].matched).toBe(1);
    expect(decide(`${SUB}/**`).statuses[0].matched).toBe(2);
    expect(decide(`${SUB}/*`).statuses[0].matched).toBe(0);
  });

  it('matches rule ids by id, by glob or by *', () => {
    const matched = (rule: string) => applySuppressions([onVm, onPool], [suppression({ rule, resource: `${SUB}/**` })], NOW).statuses[0].matched;
    expect(matched('AIS-NET-001')).toBe(1);
    expect(matched('AIS-*-001')).toBe(2);
    expect(matched('*')).toBe(2);
    expect(matched('AIS-NET-002')).toBe(0);
  });

  it('reports a suppression that matches nothing as stale', () => {
    const { statuses } = applySuppressions([onVm], [suppression({ rule: 'AIS-NET-001', resource: `${SUB}/resourceGroups/rg-gone/**` })], NOW);
    expect(statuses[0]).toMatchObject({ state: 'stale', matched: 0 });
  });

  it('lets a suppression in force win over an expired one for the same finding', () => {
    const expired = suppression({ rule: '*', resource: VM, expires: '2020-01-01', source: 'a' });
    const active = suppression({ rule: 'AIS-NET-001', resource: VM, source: 'b' });
    const decision = applySuppressions([onVm], [expired, active], NOW).decisionFor(onVm);
    expect(decision.active?.source).toBe('b');
    expect(decision.expired?.source).toBe('a');
  });
});

describe('globs', () => {
  it('ignore ASCII case only: a look-alike resource group (Kelvin sign) is not covered by the real one’s glob or id', () => {
    const real = '/subscriptions/s/resourceGroups/rg-kube/providers/Microsoft.Compute/virtualMachines/vm1';
    const lookAlike = real.replace('rg-kube', 'rg-\u212Aube');
    expect(globToRegExp('/subscriptions/s/resourcegroups/RG-KUBE/**').test(real)).toBe(true);
    expect(globToRegExp('/subscriptions/s/resourcegroups/rg-kube/**').test(lookAlike)).toBe(false);
    expect(globToRegExp('/subscriptions/s/resourcegroups/rg-\u212Aube/*/*/*/*').test(real)).toBe(false);
    expect(idMatcher(real.toUpperCase())(real)).toBe(true);
    expect(idMatcher(real)(lookAlike)).toBe(false);
  });

  it('escape everything but * ** and ?', () => {
    expect(globToRegExp('/a.b/(c)/*').test('/a.b/(c)/x')).toBe(true);
    expect(globToRegExp('/a.b/*').test('/aXb/x')).toBe(false);
    expect(globToRegExp('AIS-NET-00?').test('ais-net-001')).toBe(true);
  });
});
