import { scopeFilter } from '../../src/config/scopes.js';
import { ruleSelector, selectRules } from '../../src/config/select-rules.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import { scan } from '../../src/scan.js';
import { SAMPLE_ESTATE } from '../helpers/cli.js';

describe('choosing rules in the config', () => {
  let rules: CompiledRule[];
  beforeAll(() => {
    rules = loadRules();
  });
  const ids = (selected: CompiledRule[]) => selected.map((rule) => rule.id);

  it('selects by id, name, glob, area and tag', () => {
    const aks = rules.find((rule) => rule.id === 'AIS-AKS-001')!;
    expect(rules.filter(ruleSelector('ais-aks-001'))).toEqual([aks]);
    expect(rules.filter(ruleSelector(aks.name))).toEqual([aks]);
    expect(ids(rules.filter(ruleSelector('AIS-AKS-*')))).toEqual(ids(rules.filter((rule) => rule.id.startsWith('AIS-AKS-'))));
    expect(rules.filter(ruleSelector('area:aks')).every((rule) => rule.area === 'aks')).toBe(true);
    const tag = aks.tags![0];
    expect(rules.filter(ruleSelector(`tag:${tag}`))).toContain(aks);
  });

  it('runs only what include names, minus what exclude names', () => {
    const { rules: selected } = selectRules(rules, { include: ['area:aks', 'area:network'], exclude: ['AIS-AKS-001'] });
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every((rule) => ['aks', 'network'].includes(rule.area) && rule.id !== 'AIS-AKS-001')).toBe(true);
  });

  it('re-grades rules; a later key wins', () => {
    const { rules: selected } = selectRules(rules, { severity: { 'area:aks': 'low', 'AIS-AKS-001': 'critical' } });
    expect(selected.find((rule) => rule.id === 'AIS-AKS-001')!.severity).toBe('critical');
    expect(selected.filter((rule) => rule.area === 'aks' && rule.id !== 'AIS-AKS-001').every((rule) => rule.severity === 'low')).toBe(true);
  });

  it('fails on an include or severity key that matches no rule, and warns on such an exclude', () => {
    expect(() => selectRules(rules, { include: ['AIS-NOPE-001'], source: 'aiscan.config.json' })).toThrow(
      'aiscan.config.json: at /rules/include/0: "AIS-NOPE-001" matches no rule (aiscan rules list shows them)',
    );
    expect(() => selectRules(rules, { severity: { 'tag:nope': 'low' } })).toThrow('at /rules/severity/tag:nope: "tag:nope" matches no rule');
    expect(selectRules(rules, { exclude: ['AIS-GONE-001'] }).warnings).toEqual(['config: at /rules/exclude/0: "AIS-GONE-001" matches no rule (aiscan rules list shows them)']);
  });

  it('refuses a selection that leaves nothing to run', () => {
    expect(() => selectRules(rules, { exclude: ['*'] })).toThrow('leave no rule to run');
  });

  it('changes what a scan reports: severities follow the overrides', () => {
    const result = scan({ snapshots: SAMPLE_ESTATE, failOn: 'high', ruleSelection: { include: ['AIS-AKS-001'], severity: { 'AIS-AKS-001': 'low' } } });
    expect(result.rules.map((rule) => rule.id)).toEqual(['AIS-AKS-001']);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.severity === 'low' && !f.gating)).toBe(true);
    expect(result.exitCode).toBe(0);
  });
});

describe('scopes in the config', () => {
  const SUB = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
  const RG = `/subscriptions/${SUB}/resourceGroups/rg-gpu`;

  it('covers a subscription id, a resource and everything below it, or a glob', () => {
    const bySubscription = scopeFilter({ include: [SUB.toUpperCase()] });
    expect(bySubscription.includesResource(`${RG}/providers/x/y/z`)).toBe(true);
    expect(bySubscription.includesResource('/subscriptions/other/resourceGroups/a')).toBe(false);
    const byGroup = scopeFilter({ exclude: [RG] });
    expect(byGroup.includesResource(`${RG.toLowerCase()}/providers/x/y/z`)).toBe(false);
    expect(byGroup.includesResource(`${RG}-other`)).toBe(true);
    expect(scopeFilter({ exclude: ['/subscriptions/*/resourceGroups/rg-*'] }).includesResource(`${RG}/providers/x/y/z`)).toBe(false);
  });

  it('keeps coverage gaps of any subscription that is in scope, even partly', () => {
    expect(scopeFilter({ include: [RG] }).includesSubscription(SUB)).toBe(true);
    expect(scopeFilter({ include: [RG] }).includesSubscription('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(scopeFilter({ exclude: [RG] }).includesSubscription(SUB)).toBe(true);
    expect(scopeFilter({ exclude: [SUB] }).includesSubscription(SUB)).toBe(false);
  });

  it('leaves resources out of the findings but not out of the joins', () => {
    const all = scan({ snapshots: SAMPLE_ESTATE, failOn: 'none' });
    const research = scan({ snapshots: SAMPLE_ESTATE, failOn: 'none', scopes: { exclude: [`/subscriptions/${SUB}/resourceGroups/rg-aks-research`] } });
    const inGroup = (id: string) => id.toLowerCase().includes('/resourcegroups/rg-aks-research/');
    expect(all.findings.some((f) => inGroup(f.resourceId))).toBe(true);
    expect(research.findings.some((f) => inGroup(f.resourceId))).toBe(false);
    expect(research.findings.length).toBe(all.findings.filter((f) => !inGroup(f.resourceId)).length);
  });
});
