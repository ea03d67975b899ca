import { convert } from '../../../src/sources/terraform/convert.js';

describe('the value shapes Terraform and ARM write differently', () => {
  test.each([
    ['present', { enabled: true }, true],
    ['present', null, false],
    ['keys', ['/id/a', 1], { '/id/a': {} }],
    ['keys', 'x', undefined],
    ['id', '/subscriptions/s', '/subscriptions/s'],
    ['id', 7, undefined],
    ['idObject', '/n', { id: '/n' }],
    ['idObjects', ['/a', null], [{ id: '/a' }]],
    ['criticalAddonsOnlyTaint', true, ['CriticalAddonsOnly=true:NoSchedule']],
    ['criticalAddonsOnlyTaint', false, undefined],
    ['enabledDisabled', true, 'Enabled'],
    ['enabledDisabled', false, 'Disabled'],
    ['enabledDisabled', 'false', undefined],
    ['not', false, true],
    ['not', true, false],
    ['not', null, undefined],
    ['string', 10, '10'],
    ['string', {}, undefined],
    ['builtinRoleId', 'Owner', '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
    // Azure's roleName filter, which azurerm uses, ignores case.
    ['builtinRoleId', 'azure kubernetes service rbac cluster admin', '/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'],
    ['builtinRoleId', 'GPU operators (custom)', undefined],
  ] as const)('%s of %j is %j', (name, value, expected) => {
    expect(convert(name, value)).toEqual(expected);
  });
});
