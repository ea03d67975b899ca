import { renderTerminal } from '../../src/report/terminal.js';
import { scan } from '../../src/scan.js';
import { writeRule } from '../engine/rule-files.js';
import { useTempDir } from '../helpers/temp.js';

describe('the summary aiscan scan prints', () => {
  const tmp = useTempDir();

  it('counts in words that agree with the number: 1 resource, 1 rule; 2 resources', () => {
    const rules = tmp.path('rules');
    writeRule(rules, { assert: { fields: { 'tags.owner': {} } } });
    const vm = (name: string) => ({ id: `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`, name, type: 'Microsoft.Compute/virtualMachines' });
    const one = scan({ snapshots: [tmp.write('one.json', JSON.stringify([vm('a')]))], directories: [rules], builtin: false, failOn: 'none' });
    const two = scan({ snapshots: [tmp.write('two.json', JSON.stringify([vm('a'), vm('b')]))], directories: [rules], builtin: false, failOn: 'none' });
    expect(renderTerminal(one)).toMatch(/^1 resource, 1 rule: 1 failed,/m);
    expect(renderTerminal(two)).toMatch(/^2 resources, 1 rule: 2 failed,/m);
  });
});
