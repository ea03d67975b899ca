import { failure, run } from './fixture.js';

/**
 * Each expected value is an output of ARM itself, never of a reimplementation:
 * - Kingsland.ArmLinter (KingslandConsulting/Kingsland.ArmLinter, ArmStringFunctions.cs): outputs of
 *   a template deployed to Azure with uniqueString('aaa') and the others;
 * - commercial-marketplace-offer-deploy (microsoft/…, test/Tests/UnitTests/ArmFunctionsTests.cs at
 *   e06d3a69, "All tests passing"): Azure.Deployments.Expression's uniqueString of a VM's id;
 * - Bicep (Azure/bicep): Bicep evaluates with Azure.Deployments.Expression, ARM's own library.
 *   src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json, and
 *   src/Bicep.Core.UnitTests/TypeSystem/FunctionResolverTests.cs (GetLiteralTransformations).
 * Together they hash inputs of 0, 3, 5, 6 and 7 bytes past the last 8-byte block.
 */
describe('uniqueString() is ARM’s', () => {
  it.each([
    [['aaa'], 'zavj67f3en4hc'],
    [['bbb'], 'w5eragfxe33cy'],
    [['zzz'], 'cryksdzzzawae'],
    [['xxx', 'yyy', 'zzz'], 'lghi7k5js7itq'],
    [['/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201'], 'yvjxno3je5on2'],
    [['asd', 'asdf', 'asdf'], 'iizpqit7ih3cc'],
    [['snap', 'crackle', 'pop'], 'byghxckddilkc'],
  ])('uniqueString(%j) is %s', (args, expected) => {
    expect(run(`[uniqueString(${args.map((arg) => `'${arg}'`).join(', ')})]`)).toBe(expected);
  });

  it('is 13 characters of a–z and 2–7, and case-sensitive', () => {
    // template-functions-string.md, uniqueString: "The returned value is 13 characters long", e.g. tcvhiyu5h2o5o.
    const lower = run("[uniqueString('abc')]");
    expect(lower).toMatch(/^[a-z2-7]{13}$/);
    expect(run("[uniqueString('ABC')]")).not.toBe(lower);
  });

  it('takes strings only', () => {
    expect(failure('[uniqueString(1)]')).toBe('uniqueString(): expects its first argument to be a string, not the integer 1');
    expect(failure("[uniqueString('a', createArray())]")).toBe('uniqueString(): expects its second argument to be a string, not an array');
    expect(failure('[uniqueString()]')).toBe('uniqueString(): takes at least 1 argument, not 0');
  });
});

describe('guid() is ARM’s', () => {
  it.each([
    [['asdf'], '228d27cc-6fdb-5934-b7ac-1efccebade04'],
    [['foo', 'bar', 'baz'], '2ed86837-7c7c-5eaa-9864-dd077fd19b0d'],
  ])('guid(%j) is %s', (args, expected) => {
    expect(run(`[guid(${args.map((arg) => `'${arg}'`).join(', ')})]`)).toBe(expected);
  });

  it('depends on the order of its arguments', () => {
    // bicep-functions-string.md, guid: guid('hello', 'world') and guid('world', 'hello') differ.
    expect(run("[guid('hello', 'world')]")).not.toBe(run("[guid('world', 'hello')]"));
  });

  it('is 36 characters in the format of a GUID, a name-based one (version 5)', () => {
    expect(run("[guid(resourceGroup().id, deployment().name)]")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes strings only', () => {
    expect(failure("[guid('a', 1)]")).toBe('guid(): expects its second argument to be a string, not the integer 1');
  });
});
