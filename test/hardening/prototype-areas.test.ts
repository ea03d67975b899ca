import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { commonMark, textOf } from '../helpers/markdown.js';
import { useTempDir } from '../helpers/temp.js';
import { scanInProcess } from './harness.js';

/**
 * A rule's area is the name of the folder it is in, which the user chooses. As a key of a plain
 * object, `__proto__` finds Object.prototype and `constructor` finds Object: the per-area tables
 * counted into them (NaN) and lost the area. Each must get its own, correct row in every report.
 */
const AREAS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];

interface AreaRow {
  rules: number;
  fail: number;
  pass: number;
  notApplicable: number;
  notEvaluated: number;
}

describe('user rule folders named like Object.prototype members', () => {
  const tmp = useTempDir('aiscan-proto-areas-');
  let out: string;
  let expected: Map<string, AreaRow>;

  beforeAll(async () => {
    const rules = tmp.path('rules');
    AREAS.forEach((area, i) => {
      mkdirSync(join(rules, area), { recursive: true });
      const rule = {
        id: `PROTO-AREA-00${i + 1}`,
        name: `ProtoArea${i + 1}`,
        title: `A rule in the ${area} folder`,
        severity: 'low',
        resourceTypes: ['Microsoft.Compute/virtualMachines'],
        // Different rules, different outcomes: the i-th fails on VMs that lack the i-th property.
        assert: { required: [['identity', 'zones', 'plan', 'tags'][i]] },
        message: `VM {name} lacks a property (${area}).`,
        description: `Checks that VMs have a property; lives in ${area}.`,
        remediation: { summary: 'Add the property to the VM.' },
      };
      writeFileSync(join(rules, area, `${rule.id}.json`), JSON.stringify(rule));
    });
    const outcome = await scanInProcess([...SAMPLE_ARGS, '--rules', rules, '--fail-on', 'none', '--format', 'json', 'md', 'html', 'junit', 'sarif'], tmp.path('out'));
    expect(outcome.code).toBe(0);
    out = outcome.out;
    // What each area's row must say: its one rule's counts, as the JSON report gives them per rule.
    const json = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { rules: { id: string; counts: Omit<AreaRow, 'rules'> }[] };
    expected = new Map(AREAS.map((area, i) => [area, { rules: 1, ...json.rules.find((r) => r.id === `PROTO-AREA-00${i + 1}`)!.counts }]));
    for (const row of expected.values()) expect(row.fail + row.pass).toBeGreaterThan(0);
  });

  it('aiscan.json: an own key per area, with its counts', () => {
    const json = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { areas: Record<string, AreaRow> };
    for (const [area, row] of expected) expect([area, Object.getOwnPropertyDescriptor(json.areas, area)?.value]).toEqual([area, row]);
  });

  it('aiscan.md: a row per area in "Results by area", with its counts', () => {
    const html = commonMark.render(readFileSync(join(out, 'aiscan.md'), 'utf8'));
    const table = html.slice(html.indexOf('<h2>Results by area</h2>'), html.indexOf('</table>', html.indexOf('<h2>Results by area</h2>')));
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) => textOf(cell)));
    for (const [area, row] of expected) {
      expect(rows.filter(([name]) => name === area)).toEqual([[area, ...[row.rules, row.fail, row.pass, row.notApplicable, row.notEvaluated].map(String)]]);
    }
  });

  it('aiscan.html: a bar per area in "Rule outcomes by area", with its total', () => {
    const html = readFileSync(join(out, 'aiscan.html'), 'utf8');
    const chart = html.slice(html.indexOf('<figcaption>Rule outcomes by area</figcaption>'));
    for (const [area, row] of expected) {
      const total = row.fail + row.pass + row.notApplicable + row.notEvaluated;
      expect(chart).toMatch(new RegExp(`<text class="axis-label"[^>]*>${area}</text>(?:(?!</g>).)*<text class="bar-total"[^>]*>${total}</text></g>`));
    }
  });

  it('aiscan.junit.xml and aiscan.sarif: each rule in its area', () => {
    const junit = readFileSync(join(out, 'aiscan.junit.xml'), 'utf8');
    const sarif = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as { runs: { tool: { driver: { rules: { id: string; properties: { area: string } }[] } } }[] };
    AREAS.forEach((area, i) => {
      expect(junit).toContain(`classname="aiscan.${area}.PROTO-AREA-00${i + 1}"`);
      expect(sarif.runs[0].tool.driver.rules.find((r) => r.id === `PROTO-AREA-00${i + 1}`)!.properties.area).toBe(area);
    });
  });

  it('rules list: a group per area', async () => {
    const list = await runCli('rules', 'list', '--rules', tmp.path('rules'));
    for (const area of AREAS) expect(list.stdout).toMatch(new RegExp(`^${area} \\(1\\)\\n  PROTO-AREA-00\\d`, 'm'));
  });
});
