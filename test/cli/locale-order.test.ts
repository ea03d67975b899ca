import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSnapshot } from '../../support/large-estate/estate.js';
import { builtCli } from '../hardening/built-cli.js';
import { useTempDir } from '../helpers/temp.js';
import { timeless } from '../helpers/timeless.js';

/**
 * The same scan writes the same reports in every locale. The machine's locale (LANG) changes how
 * `localeCompare` orders text: Lithuanian sorts `y` with `i`, Estonian `z` after `s`. A CI runner and
 * a laptop must still list findings in one order, the root collation's.
 */
describe('report order and the machine locale', () => {
  const tmp = useTempDir('aiscan-locale-order-');
  const NAMES = ['aks-z', 'aks-t', 'aks-y', 'aks-i', 'aks-s', 'aks-j'];
  let bin: string;
  let estate: string;

  beforeAll(() => {
    bin = builtCli();
    // One generated cluster (its GPU pool has no taint), copied under names the locales order differently.
    const generated = generateSnapshot(200);
    const cluster = generated.resources.find((resource) => resource.type === 'Microsoft.ContainerService/managedClusters')!;
    const clusters = NAMES.map((name) => ({ ...cluster, name, id: `${String(cluster.id).slice(0, String(cluster.id).lastIndexOf('/') + 1)}${name}` }));
    estate = tmp.path('estate.json');
    writeFileSync(estate, JSON.stringify({ ...generated.header, resources: clusters }, null, 2));
  });

  /** The JSON and SARIF reports of a scan run under `locale`, times taken out. */
  function scanIn(locale: string): { json: string; sarif: string } {
    const out = tmp.path(`reports-${locale}`);
    const env = { ...process.env, LANG: locale, LC_ALL: locale, AISCAN_CACHE_DIR: tmp.path('cache') };
    const result = spawnSync(process.execPath, [bin, 'scan', '--snapshot', estate, '--out', out, '--format', 'json', 'sarif', '--fail-on', 'none', '--quiet'], { encoding: 'utf8', env, timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = (name: string) => timeless(readFileSync(join(out, name), 'utf8'));
    return { json: report('aiscan.json'), sarif: report('aiscan.sarif') };
  }

  it('orders findings by the root collation whatever LANG says', () => {
    // The names do tell these locales apart: otherwise the test would prove nothing. (English is the
    // root order; 'und' would fall back to the locale this test runs in.)
    const order = (locale: string) => [...NAMES].sort(new Intl.Collator(locale).compare).join(' ');
    expect(order('lt')).not.toBe(order('en'));
    expect(order('et')).not.toBe(order('en'));

    const reports = scanIn('C.UTF-8');
    const { findings } = JSON.parse(reports.json) as { findings: { ruleId: string; resourceId: string }[] };
    // A rule's findings on the clusters (or on their pools: the cluster's name is the id's ninth segment).
    const clustersOfOneRule = new Set(findings.filter((finding) => finding.ruleId === findings[0].ruleId).map((finding) => finding.resourceId.split('/')[8]));
    expect([...clustersOfOneRule].join(' ')).toBe(order('en'));
    for (const locale of ['lt_LT.UTF-8', 'et_EE.UTF-8', 'tr_TR.UTF-8']) {
      const other = scanIn(locale);
      expect(`${locale}\n${other.json}`).toBe(`${locale}\n${reports.json}`);
      expect(`${locale}\n${other.sarif}`).toBe(`${locale}\n${reports.sarif}`);
    }
  });
});
