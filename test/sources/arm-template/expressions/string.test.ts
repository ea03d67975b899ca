import { isUnknown } from '../../../../src/sources/arm-template/expressions/values.js';
import { failure, run } from './fixture.js';

// Examples from template-functions-string.md (MicrosoftDocs/azure-docs) with the inputs of its
// sample templates (Azure/azure-docs-json-samples, azure-resource-manager/functions/string/*),
// and, where named, values computed by ARM's expression library in Bicep's tests
// (Azure/bicep: FunctionResolverTests.cs GetLiteralTransformations; baselines_bicepparam/Expressions).

describe('base64, base64ToString, base64ToJson', () => {
  it('round-trip text and read JSON, single quotes and all (base64.json)', () => {
    expect(run("[base64('one, two, three')]")).toBe('b25lLCB0d28sIHRocmVl');
    expect(run("[base64ToString('b25lLCB0d28sIHRocmVl')]")).toBe('one, two, three');
    expect(run("[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]")).toEqual({ one: 'a', two: 'b' });
  });

  it('encode UTF-8 (Bicep: base64(" Fizz ") is IEZpenog)', () => {
    expect(run("[base64(' Fizz ')]")).toBe('IEZpenog');
    expect(run("[base64ToString(base64('héllo ✓'))]")).toBe('héllo ✓');
  });

  it('refuse what is not base64', () => {
    expect(failure("[base64ToString('not base64!')]")).toBe('base64ToString(): expects its argument to be base64, not "not base64!"');
    expect(failure("[base64ToJson(base64('{oops'))]")).toMatch(/^base64ToJson\(\): expects its argument to be JSON: expected ':' after the property name "oops"/);
  });
});

describe('dataUri, dataUriToString', () => {
  it('write text as a base64 data URI, as ARM’s library does today (Bicep: dataUri(" Fizz "))', () => {
    // The reference's own table shows charset=utf8 (an older engine); ARM's library writes utf-8.
    expect(run("[dataUri(' Fizz ')]")).toBe('data:text/plain;charset=utf-8;base64,IEZpenog');
  });

  it('read data URIs back, base64 or URI-escaped (datauri.json)', () => {
    expect(run("[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]")).toBe('Hello, World!');
    expect(run("[dataUriToString('data:text/plain;charset=utf8;base64,SGVsbG8=')]")).toBe('Hello');
    expect(run("[dataUriToString('data:text/plain,a%20b')]")).toBe('a b');
    expect(run("[dataUriToString(dataUri('abc'))]")).toBe('abc');
  });

  it('refuse what is not a data URI', () => {
    expect(failure("[dataUriToString('SGVsbG8=')]")).toBe('dataUriToString(): expects its argument to be a data URI (data:[media type][;base64],data), not "SGVsbG8="');
    expect(failure("[dataUriToString('data:text/plain,%E0%A4%A')]")).toBe('dataUriToString(): expects the data of a data URI to be URI-encoded UTF-8');
  });
});

describe('startsWith, endsWith (startsendswith.json)', () => {
  it.each([
    ["[startsWith('abcdef', 'ab')]", true],
    ["[startsWith('abcdef', 'A')]", true],
    ["[startsWith('abcdef', 'e')]", false],
    ["[endsWith('abcdef', 'ef')]", true],
    ["[endsWith('abcdef', 'F')]", true],
    ["[endsWith('abcdef', 'e')]", false],
  ])('%s is %s, ignoring case', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('format', () => {
  it('fills a .NET composite format (format.json)', () => {
    expect(run("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]")).toBe('Hello, User. Formatted number: 8,175,133');
  });

  it('writes booleans as True and False, objects and arrays as single-quoted JSON (Bicep EvaluationTests, String_expressions)', () => {
    expect(run("[format('{0}/{1}/{2}/{3}', 1, 2, 3, true())]")).toBe('1/2/3/True');
    expect(run("[format('>{0}<>{1}<>{2}<>{3}<>{4}<', false(), 12948, 'hello!', json('{\"a\": \"b\", \"!c\": 2}'), createArray(true(), 2893, 'abc'))]")).toBe(
      ">False<>12948<>hello!<>{'a':'b','!c':2}<>[true,2893,'abc']<",
    );
    expect(run("[format('->{0}<-', 123)]")).toBe('->123<-');
  });

  it.each([
    ["[format('{0:N}', 1234)]", '1,234.00'],
    ["[format('{0:N2}', -1234567)]", '-1,234,567.00'],
    ["[format('{0:D5}', 42)]", '00042'],
    ["[format('{0:X}', 255)]", 'FF'],
    ["[format('{0:x4}', 255)]", '00ff'],
    ["[format('{0:X}', -1)]", 'FFFFFFFFFFFFFFFF'],
    ["[format('{0:F1}', 3)]", '3.0'],
    ["[format('{0:P0}', float('0.5'))]", '50 %'],
    ["[format('[{0,5}][{0,-5}]', 'ab')]", '[   ab][ab   ]'],
    ["[format('{{{0}}}', 'x')]", '{x}'],
    ["[format('{0}{1}', null(), 'x')]", 'x'],
    ["[format('{0:N0}', 'text')]", 'text'],
  ])('%s is %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('is Unknown for a numeric format aiscan does not evaluate, rather than a guess', () => {
    const value = run("[format('{0:#,##0.0}', 5)]");
    expect(isUnknown(value) && value.reason).toBe('aiscan does not evaluate the custom numeric format "#,##0.0" that format() is given');
  });

  it.each([
    ["[format('{1}', 'a')]", 'format(): the format item {1} refers to argument 2 after the format string, and there is 1'],
    ["[format('{0', 'a')]", "format(): the format item at character 1 has no closing '}' (write '{{' for the character)"],
    ["[format('a}', 'a')]", "format(): a '}' at character 2 closes no format item (write '}}' for the character)"],
    ["[format('{x}', 'a')]", 'format(): the format item "{x}" is not {index[,alignment][:format]}'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('indexOf, lastIndexOf on strings (indexof.json)', () => {
  it.each([
    ["[indexOf('test', 't')]", 0],
    ["[lastIndexOf('test', 't')]", 3],
    ["[indexOf('abcdef', 'CD')]", 2],
    ["[lastIndexOf('abcdef', 'AB')]", 0],
    ["[indexOf('abcdef', 'z')]", -1],
    ["[lastIndexOf('abcba', 'b')]", 3],
    ["[indexOf('food', 'o')]", 1],
    ["[lastIndexOf('food', 'o')]", 2],
  ])('%s is %i, ignoring case', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('join, split', () => {
  it('join strings, integers and booleans (join.json; Bicep: join([abc, 123, true], "/"))', () => {
    expect(run("[join(createArray('one', 'two', 'three'), ',')]")).toBe('one,two,three');
    expect(run("[join(createArray('one', 'two', 'three'), ';')]")).toBe('one;two;three');
    expect(run("[join(createArray('abc', 123, true()), '/')]")).toBe('abc/123/True');
  });

  it('split on one delimiter or any of several, keeping empty parts (split.json)', () => {
    expect(run("[split('one,two,three', ',')]")).toEqual(['one', 'two', 'three']);
    expect(run("[split('one;two,three', createArray(',', ';'))]")).toEqual(['one', 'two', 'three']);
    expect(run("[split('a,,b,', ',')]")).toEqual(['a', '', 'b', '']);
    expect(run("[split('a/b/c', '/')]")).toEqual(['a', 'b', 'c']);
  });

  it('refuse what they cannot join or split on', () => {
    expect(failure("[join(createArray('a', createObject()), ',')]")).toBe('join(): each element of the array to join must be a string, an integer or a boolean, not an object');
    expect(failure("[split('a', 1)]")).toBe('split(): expects its second argument to be a string or an array of strings, not the integer 1');
    expect(failure("[split('a', createArray(1))]")).toBe('split(): expects its second argument to be a string or an array of strings, not the integer 1');
  });
});

describe('padLeft, replace, substring, trim, toLower, toUpper', () => {
  it.each([
    ["[padLeft('123', 10, '0')]", '0000000123'],
    ['[padLeft(13, 5)]', '   13'],
    ["[padLeft('00', 5, ' ')]", '   00'],
    ["[padLeft('longer', 2)]", 'longer'],
    ["[replace('123-123-1234', '-', '')]", '1231231234'],
    ["[replace('123-123-1234', '1234', 'xxxx')]", '123-123-xxxx'],
    ["[replace('foot', 't', 'd')]", 'food'],
    ["[substring('one two three', 4, 3)]", 'two'],
    ["[substring('asdfasf', 3)]", 'fasf'],
    ["[substring('abc', 3, 0)]", ''],
    ["[trim('    one two three   ')]", 'one two three'],
    ["[toLower('One Two Three')]", 'one two three'],
    ["[toUpper('One Two Three')]", 'ONE TWO THREE'],
    ["[toLower('AiKInIniIN')]", 'aikininiin'],
  ])('%s is %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it.each([
    // template-functions-string.md, substring remarks: the index parameter 0, the length 11, the string's length 10.
    ["[substring('1234567890', 0, 11)]", "substring(): the index and length parameters must refer to a location within the string: the index is 0, the length 11, and the string's length 10"],
    ["[substring('abc', -1)]", "substring(): the index and length parameters must refer to a location within the string: the index is -1, the length 4, and the string's length 3"],
    ["[padLeft('1', 3, 'ab')]", 'padLeft(): pads with one character, not "ab"'],
    // Not ARM's: aiscan's bound, so a template cannot make the scan build gigabytes.
    ["[padLeft('1', 2147483647)]", 'padLeft(): pads to at most 1048576 characters in aiscan, not 2147483647'],
    ["[replace('abc', '', 'x')]", 'replace(): cannot replace an empty string'],
    ['[toLower(1)]', 'toLower(): expects its first argument to be a string, not the integer 1'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('string', () => {
  it('writes any value as text, objects and arrays as JSON (string.json)', () => {
    expect(run("[string(json('{\"valueA\": 10, \"valueB\": \"Example Text\"}'))]")).toBe('{"valueA":10,"valueB":"Example Text"}');
    expect(run("[string(createArray('a', 'b', 'c'))]")).toBe('["a","b","c"]');
    expect(run('[string(5)]')).toBe('5');
    expect(run("[string('asdf')]")).toBe('asdf');
    expect(run('[string(true())]')).toBe('True');
    expect(run('[string(null())]')).toBe('');
  });
});

describe('uri, uriComponent, uriComponentToString', () => {
  it('combine URIs as the reference shows', () => {
    expect(run("[uri('http://contoso.org/firstpath', 'myscript.sh')]")).toBe('http://contoso.org/myscript.sh');
    expect(run("[uri('http://contoso.org/firstpath/', 'myscript.sh')]")).toBe('http://contoso.org/firstpath/myscript.sh');
    expect(run("[uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')]")).toBe('http://contoso.org/firstpath/myscript.sh');
    expect(run("[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]")).toBe('http://contoso.org/firstpath/azuredeploy.json/myscript.sh');
    expect(run("[uri('https://github.com/another/repo', '/Azure/bicep')]")).toBe('https://github.com/Azure/bicep');
    expect(run("[uri(deployment().properties.templateLink.uri, 'nested/azuredeploy.json')]")).toBe('https://example.com/templates/nested/azuredeploy.json');
  });

  it('encode and decode a component (uri.json)', () => {
    expect(run("[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]")).toBe('http://contoso.com/resources/nested/azuredeploy.json');
    expect(run("[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]")).toBe('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json');
    expect(run("[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]")).toBe('http://contoso.com/resources/nested/azuredeploy.json');
  });

  it('escape all but the unreserved characters, as ARM’s library does (Bicep baseline)', () => {
    expect(run("[uriComponent('UB*8h 0+=_)9h9n')]")).toBe('UB%2A8h%200%2B%3D_%299h9n');
    expect(run("[uriComponent(' Fizz ')]")).toBe('%20Fizz%20');
    expect(run("[uriComponentToString('%20%25%20')]")).toBe(' % ');
  });

  it('refuse what they cannot read', () => {
    expect(failure("[uri('not a uri', 'x')]")).toBe('uri(): cannot combine the base URI "not a uri" with "x": the base must be an absolute URI');
    expect(failure("[uriComponentToString('%E0%A4%A')]")).toBe('uriComponentToString(): expects its argument to be URI-encoded, and "%E0%A4%A" has an escape that is not valid UTF-8');
  });
});

describe('newGuid', () => {
  it('is Unknown: a new GUID at each deployment', () => {
    expect(run('[newGuid()]')).toMatchObject({ unknown: true, expression: 'newGuid()' });
  });
});
