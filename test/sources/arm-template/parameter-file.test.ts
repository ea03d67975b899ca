import { describe, expect, it } from '@jest/globals';
import { parameterFileValues } from '../../../src/sources/arm-template/parameter-file.js';

describe('parameterFileValues', () => {
  it('gives each parameter its value, wrapped in "parameters" or not (as az reads the file)', () => {
    const wrapped = parameterFileValues('{"$schema": "x", "parameters": {"size": {"value": "Standard_NC6"}, "count": {"value": 2}}}', 'p.json');
    const bare = parameterFileValues('{"size": {"value": "Standard_NC6"}, "count": {"value": 2}}', 'p.json');
    expect([...wrapped.values]).toEqual([
      ['size', 'Standard_NC6'],
      ['count', 2],
    ]);
    expect([...bare.values]).toEqual([...wrapped.values]);
    // The Azure Pipelines task reads "parameters" alone.
    expect([wrapped.wrapped, bare.wrapped]).toEqual([true, false]);
  });

  it('refuses a parameter given twice with names that differ only in case: which value ARM takes is not known', () => {
    expect(() => parameterFileValues('{"parameters": {"publicAccess": {"value": false}, "PublicAccess": {"value": true}}}', 'p.json')).toThrow(
      'p.json: at /parameters/PublicAccess: the parameter PublicAccess is given twice, also as publicAccess; ARM matches parameter names ignoring case, and aiscan does not guess which value it takes',
    );
  });
});
