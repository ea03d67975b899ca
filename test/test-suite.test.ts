import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import integrationSuites from './integration-suites.json' with { type: 'json' };

/** The test files one jest project runs, relative to the checkout. */
function listTests(project: string): string[] {
  const child = spawnSync(process.execPath, ['--experimental-vm-modules', join('node_modules', 'jest', 'bin', 'jest.js'), '--listTests', '--json', '--selectProjects', project], { encoding: 'utf8' });
  expect(child.status).toBe(0);
  return (JSON.parse(child.stdout) as string[]).map((file) => relative(process.cwd(), file)).sort();
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .sort();
}

describe('the two jest projects', () => {
  const unit = listTests('unit');
  const integration = listTests('integration');

  it('run every test file exactly once between them', () => {
    expect(unit.filter((file) => integration.includes(file))).toEqual([]);
    expect([...unit, ...integration].sort()).toEqual(testFiles('test'));
  });

  it('put in integration exactly the suites test/integration-suites.json lists, each of which exists', () => {
    expect(integration).toEqual(Object.values(integrationSuites.suites).flat().map((path) => join('test', `${path}.test.ts`)).sort());
  });
});
