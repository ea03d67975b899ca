import { canonicalView, collectPropertyNames, vocabularyOf } from '../../src/engine/canonical-keys.js';

describe('reading resource keys in the spelling rules use', () => {
  const vocabulary = vocabularyOf(collectPropertyNames({ properties: { aadProfile: { required: ['enableAzureRBAC'], properties: { managed: {} } } } }));

  it('renames a key that differs from a rule property only in case', () => {
    const resource = { properties: { aadProfile: { enableAzureRbac: true, managed: true } } };
    expect(canonicalView(resource, vocabulary)).toEqual({ properties: { aadProfile: { enableAzureRBAC: true, managed: true } } });
  });

  it('leaves the original resource untouched and shares what needs no change', () => {
    const untouched = { a: [1, 2] };
    const resource = { properties: { aadProfile: { enableAzureRbac: true } }, untouched };
    const view = canonicalView(resource, vocabulary);
    expect(resource.properties.aadProfile).toEqual({ enableAzureRbac: true });
    expect(view.untouched).toBe(untouched);
    expect(canonicalView(untouched, vocabulary)).toBe(untouched);
  });

  it('keeps an exact spelling when both spellings are present', () => {
    const resource = { enableAzureRBAC: false, enableAzureRbac: true };
    expect(canonicalView(resource, vocabulary)).toBe(resource);
  });
});
