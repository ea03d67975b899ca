import { readFileSync, writeFileSync } from 'node:fs';
import type { Log, Result } from 'sarif';
import { findingFingerprint } from '../../src/engine/finding.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan } from '../../src/scan.js';
import { SAMPLE_ESTATE } from '../helpers/cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';
import { suppression } from './findings.js';

/** A SARIF with every mark the gate adds: each baseline state, accepted and rejected suppressions, gate notifications. */
describe('SARIF with baseline states and suppressions', () => {
  const tmp = useTempDir('aiscan-sarif-gate-');
  let log: Log;
  let file: string;
  const results = () => log.runs[0].results!;

  beforeAll(() => {
    const now = () => new Date('2026-11-21T02:00:00Z');
    const first = JSON.parse(renderSarif(scan({ snapshots: SAMPLE_ESTATE, failOn: 'none', now }))) as Log;
    const previous = first.runs[0].results!;
    const [dropped, changed] = previous;
    changed.message.text = 'an older wording of the message';
    const gone: Result = JSON.parse(JSON.stringify(previous[2]));
    gone.partialFingerprints = { 'aiscanFinding/v1': findingFingerprint(gone.ruleId!, '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26/resourceGroups/rg-old/providers/Microsoft.Compute/virtualMachines/vm-removed') };
    gone.properties!.resourceId = '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26/resourceGroups/rg-old/providers/Microsoft.Compute/virtualMachines/vm-removed';
    first.runs[0].results = [...previous.filter((r) => r !== dropped), gone];
    const baseline = tmp.write('baseline.sarif', JSON.stringify(first));

    const accepted = String(previous[3].properties!.resourceId);
    const expired = String(previous[4].properties!.resourceId);
    const result = scan({
      snapshots: SAMPLE_ESTATE,
      failOn: 'high',
      baseline,
      newOnly: true,
      now,
      suppressions: [
        suppression({ rule: previous[3].ruleId!, resource: accepted, justification: 'Accepted until the migration', owner: 'team', ticket: 'SEC-1' }),
        suppression({ rule: previous[4].ruleId!, resource: expired, expires: '2026-01-31', source: 's#/suppressions/1' }),
        suppression({ rule: '*', resource: '/subscriptions/*/resourceGroups/rg-none/**', permanent: true, expires: undefined, approvedBy: 'ciso' }),
      ],
    });
    file = tmp.path('aiscan.sarif');
    writeFileSync(file, renderSarif(result));
    log = JSON.parse(readFileSync(file, 'utf8')) as Log;
  });

  it('has every baseline state and both kinds of suppression in it', () => {
    expect(new Set(results().map((r) => r.baselineState))).toEqual(new Set(['new', 'unchanged', 'updated', 'absent']));
    const statuses = results().flatMap((r) => r.suppressions ?? []).map((s) => s.status);
    expect(statuses.sort()).toEqual(['accepted', 'rejected']);
    const ids = log.runs[0].invocations![0].toolExecutionNotifications!.map((n) => n.descriptor!.id);
    expect(ids).toEqual(expect.arrayContaining(['AIS-SUPPRESSION-EXPIRED', 'AIS-SUPPRESSION-STALE']));
  });

  it('gives the absent (fixed) result a location and says the rule passes there now', () => {
    const absent = results().find((r) => r.baselineState === 'absent')!;
    expect(absent).toMatchObject({ kind: 'pass', level: 'none' });
    expect(absent.locations![0].physicalLocation!.region!.startLine).toBeGreaterThan(0);
    expect(absent.locations![0].logicalLocations![0].fullyQualifiedName).toMatch(/vm-removed$/);
  });

  it('is valid under the official OASIS SARIF 2.1.0 schema', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
  });

  it("has no errors or warnings under Microsoft's validator with the SARIF and GitHub rules", () => {
    expect(multitoolViolations(file).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
  });
});
