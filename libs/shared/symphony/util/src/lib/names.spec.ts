import {
  objectNameToReference,
  parseObjectName,
  parseReference,
  referenceToObjectName,
  validateObjectName,
  validateVersion,
  versionedObjectName,
  versionReference,
} from './names';

describe(versionedObjectName.name, () => {
  it.each([
    ['fleet', '1.2.4'],
    ['fleet', '1.3.0-rc.1'],
    ['my-app', '2024.11'],
  ])('round-trips %s %s between name and reference', (root, version) => {
    const name = versionedObjectName(root, version);
    const reference = versionReference(root, version);
    expect(name).toBe(`${root}-v-${version}`);
    expect(objectNameToReference(name)).toBe(reference);
    expect(referenceToObjectName(reference)).toBe(name);
    expect(parseObjectName(name)).toEqual({ root, version });
    expect(parseReference(reference)).toEqual({ root, version });
  });

  it('leaves plain names alone, as Symphony does', () => {
    expect(referenceToObjectName('fleet')).toBe('fleet');
    expect(objectNameToReference('car-c1')).toBe('car-c1');
  });

  it('splits at the last -v- like ConvertObjectNameToReference', () => {
    expect(objectNameToReference('a-v-b-v-1')).toBe('a-v-b:1');
    expect(parseObjectName('a-v-b-v-1')).toEqual({ root: 'a-v-b', version: '1' });
  });

  it.each(['fleet', 'fleet-v-', '-v-1'])('finds no version in %p', (name) => {
    expect(parseObjectName(name)).toBeNull();
  });

  it.each(['fleet', 'fleet:', ':1.0', 'a:b:c'])('rejects the reference %p', (reference) => {
    expect(parseReference(reference)).toBeNull();
  });
});

describe(validateObjectName.name, () => {
  it('accepts <root>-v-<version>', () => {
    expect(validateObjectName('fleet-v-1.2.4', 'fleet')).toBeNull();
  });

  it.each([
    ['fleet-v-1.2.4', '', 'spec.rootResource', 'rootResource must be a non-empty string'],
    ['other-v-1.2.4', 'fleet', 'metadata.name', 'name must start with spec.rootResource'],
    ['fleet-1.2.4', 'fleet', 'metadata.name', "name should be in the format '<rootResource>-v-<version>'"],
    ['fleet-v-1-v-2', 'fleet', 'metadata.name', "name should be in the format <rootResource>-v-<version> where <version> does not contain '-v-' or starts with 'v-'"],
    ['fleet-v-v-2', 'fleet', 'metadata.name', "name should be in the format <rootResource>-v-<version> where <version> does not contain '-v-' or starts with 'v-'"],
  ])('rejects %p with root %p', (name, root, fieldPath, message) => {
    expect(validateObjectName(name, root)).toEqual({ fieldPath, value: expect.anything(), detailedMessage: message });
  });
});

describe(validateVersion.name, () => {
  it.each(['1.2.4', '1.3.0-rc.1', 'v2'])('accepts %p', (version) => {
    expect(validateVersion(version)).toBeNull();
  });

  it.each(['', undefined, '-1', '1.0-', 'a b', 'x'.repeat(64), 'v-1', '1-v-2'])('rejects %p', (version) => {
    expect(validateVersion(version)?.fieldPath).toBe('spec.version');
  });
});
