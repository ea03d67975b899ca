import { findFunction, FUNCTIONS } from '../../../../src/sources/arm-template/expressions/functions/library.js';

/**
 * ARM's functions by the reference's groups (template-functions-*.md), checked against PSRule for
 * Azure's list (Azure/PSRule.Rules.Azure, Data/Template/Functions.cs). `list*` is any name
 * starting with list; `lambda` and `lambdaVariables` are read by the evaluator.
 */
const EXPECTED = {
  array: ['array', 'concat', 'contains', 'createArray', 'empty', 'first', 'flatten', 'indexFromEnd', 'indexOf', 'intersection', 'last', 'lastIndexOf', 'length', 'range', 'skip', 'take', 'tryGet', 'tryIndexFromEnd', 'union'],
  cidr: ['cidrHost', 'cidrSubnet', 'parseCidr'],
  comparison: ['coalesce', 'equals', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals'],
  date: ['dateTimeAdd', 'dateTimeFromEpoch', 'dateTimeToEpoch', 'utcNow'],
  deployment: ['deployment', 'deployer', 'environment', 'parameters', 'variables'],
  lambda: ['filter', 'groupBy', 'map', 'mapValues', 'reduce', 'sort', 'toObject'],
  logical: ['and', 'bool', 'false', 'if', 'not', 'or', 'true'],
  numeric: ['add', 'copyIndex', 'div', 'float', 'int', 'max', 'min', 'mod', 'mul', 'sub'],
  object: ['createObject', 'items', 'json', 'null', 'objectKeys', 'shallowMerge'],
  resource: ['extensionResourceId', 'managementGroupResourceId', 'pickZones', 'providers', 'reference', 'references', 'resourceId', 'subscriptionResourceId', 'tenantResourceId'],
  scope: ['managementGroup', 'resourceGroup', 'subscription', 'tenant'],
  string: [
    'base64', 'base64ToJson', 'base64ToString', 'dataUri', 'dataUriToString', 'endsWith', 'format', 'guid', 'join', 'newGuid', 'padLeft', 'replace', 'split',
    'startsWith', 'string', 'substring', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri', 'uriComponent', 'uriComponentToString',
  ],
};

describe('the function library', () => {
  it('has every function of the checklist once, spelled as ARM spells it', () => {
    const names = FUNCTIONS.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.values(EXPECTED).flat().sort());
  });

  it('finds functions ignoring case, and any list* function', () => {
    expect(findFunction('UNIQUESTRING')?.name).toBe('uniqueString');
    expect(findFunction('listSecrets')?.name).toBe('listSecrets');
    expect(findFunction('ListKeyValue')?.name).toBe('ListKeyValue');
    expect(findFunction('lambda')).toBeUndefined();
    expect(findFunction('nosuchfunction')).toBeUndefined();
  });
});
