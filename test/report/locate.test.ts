import type { Finding } from '../../src/engine/finding.js';
import { locateFindings } from '../../src/report/locate.js';
import { loadIndexedEstate } from '../../src/sources/load-estate.js';
import { useTempDir } from '../helpers/temp.js';

describe('locating the findings of a large estate', () => {
  const tmp = useTempDir('aiscan-locate-');

  it('takes a finding on each of 150 000 small resources in one file (more than a function call takes arguments)', () => {
    const count = 150_000;
    const file = tmp.write('many.json', `[\n${Array.from({ length: count }, (_, i) => `{"id":"/v${i}","type":"A.B/c"}`).join(',\n')}\n]`);
    const { estate, elementIndexes } = loadIndexedEstate([file]);
    expect(elementIndexes.has(file)).toBe(true);
    const findings: Finding[] = estate.resources.map(({ resource, origin }) => ({
      ruleId: 'X-A-1',
      ruleName: 'XA',
      area: 'x',
      severity: 'low',
      resourceId: resource.id,
      resourceType: 'A.B/c',
      resourceName: resource.id,
      message: 'fails',
      failingPaths: [],
      location: { file: origin.file, path: origin.path },
      fingerprint: resource.id,
    }));
    const regions = locateFindings(findings, elementIndexes);
    expect(regions.size).toBe(count);
    const last = regions.get(findings[count - 1])!;
    expect(last).toMatchObject({ startLine: count + 1, startColumn: 1, snippet: `{"id":"/v${count - 1}","type":"A.B/c"}` });
  });
});
