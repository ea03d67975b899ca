import { kubectlPlainScalar, type ScalarType } from '../../../src/sources/kubernetes/kubectl-scalars.js';

/**
 * Plain scalars as kubectl (sigs.k8s.io/yaml over gopkg.in/yaml.v2, YAML 1.1) hands them to the API
 * server. Each expectation is what yaml.v2's resolve gives for the text, as JSON holds it.
 */
const CASES: [string, ScalarType, string | number | boolean | null][] = [
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((text): [string, ScalarType, boolean] => [text, 'bool', true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((text): [string, ScalarType, boolean] => [text, 'bool', false]),
  ...['', '~', 'null', 'Null', 'NULL'].map((text): [string, ScalarType, null] => [text, 'null', null]),
  // Only those spellings: YAML 1.1 lists each case it accepts.
  ['yEs', 'str', 'yEs'],
  ['tRUE', 'str', 'tRUE'],
  ['nULL', 'str', 'nULL'],
  ['0', 'int', 0],
  ['00', 'int', 0],
  ['-0', 'int', 0],
  ['0777', 'int', 511],
  ['010', 'int', 8],
  ['0o17', 'int', 15],
  ['0x1F', 'int', 31],
  ['0X1f', 'int', 31],
  ['0b101', 'int', 5],
  ['-0b101', 'int', -5],
  ['+0x10', 'int', 16],
  ['1_000', 'int', 1000],
  ['0x_1F', 'int', 31],
  ['1_', 'int', 1],
  ['-42', 'int', -42],
  ['9223372036854775807', 'int', 9223372036854775807],
  // Past int64, unsigned: ParseUint takes it; with a sign it does not, and the float rule does.
  ['18446744073709551615', 'int', 18446744073709551615],
  ['-9223372036854775809', 'float', -9223372036854775809],
  ['18446744073709551616', 'float', 18446744073709551616],
  // A leading zero is octal: 09 is no octal number, so it is read as a float.
  ['09', 'float', 9],
  ['1.5', 'float', 1.5],
  ['1.5e3', 'float', 1500],
  ['1e3', 'float', 1000],
  ['.5', 'float', 0.5],
  ['-.5', 'float', -0.5],
  ['+1.', 'float', 1],
  ['.inf', 'float', Number.POSITIVE_INFINITY],
  ['-.Inf', 'float', Number.NEGATIVE_INFINITY],
  ['.NaN', 'float', Number.NaN],
  // Not numbers: base 60 (yaml.v2 leaves it out), timestamps (kept as their text), and near misses.
  ['1:30', 'str', '1:30'],
  ['2001-12-14', 'str', '2001-12-14'],
  ['0x', 'str', '0x'],
  ['0b', 'str', '0b'],
  ['0b102', 'str', '0b102'],
  ['1.2.3', 'str', '1.2.3'],
  ['_1', 'str', '_1'],
  ['+-1', 'str', '+-1'],
  ['-', 'str', '-'],
  ['.', 'str', '.'],
  ['.e3', 'str', '.e3'],
  ['v1', 'str', 'v1'],
  ['nvidia.com/gpu', 'str', 'nvidia.com/gpu'],
];

describe('kubectlPlainScalar: a plain YAML scalar as kubectl reads it', () => {
  it.each(CASES)('%j is %s %p', (text, type, value) => {
    expect(kubectlPlainScalar(text)).toEqual({ type, value });
  });
});
