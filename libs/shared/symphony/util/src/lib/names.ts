// Versioned object names as Symphony builds and checks them (api/constants: ResourceSeperator "-v-",
// ReferenceSeparator ":"; api/pkg/apis/v1alpha1/model/validate.go).
import type { SymphonyErrorField } from './checked';

export const RESOURCE_SEPARATOR = '-v-';
export const REFERENCE_SEPARATOR = ':';

export interface VersionedName {
  root: string;
  version: string;
}

/** `fleet` + `1.2.4` -> `fleet-v-1.2.4`. */
export function versionedObjectName(root: string, version: string): string {
  return `${root}${RESOURCE_SEPARATOR}${version}`;
}

/** `fleet` + `1.2.4` -> `fleet:1.2.4`. */
export function versionReference(root: string, version: string): string {
  return `${root}${REFERENCE_SEPARATOR}${version}`;
}

/** Symphony's `ConvertReferenceToObjectName`: every `:` becomes `-v-`; a plain name stays as it is. */
export function referenceToObjectName(reference: string): string {
  return reference.split(REFERENCE_SEPARATOR).join(RESOURCE_SEPARATOR);
}

/** Symphony's `ConvertObjectNameToReference`: the last `-v-` becomes `:`. */
export function objectNameToReference(name: string): string {
  const index = name.lastIndexOf(RESOURCE_SEPARATOR);
  if (index === -1) return name;
  return name.slice(0, index) + REFERENCE_SEPARATOR + name.slice(index + RESOURCE_SEPARATOR.length);
}

/** Root and version of `<root>-v-<version>` (split at the last `-v-`); null for unversioned or empty parts. */
export function parseObjectName(name: string): VersionedName | null {
  const index = name.lastIndexOf(RESOURCE_SEPARATOR);
  if (index <= 0) return null;
  const version = name.slice(index + RESOURCE_SEPARATOR.length);
  return version ? { root: name.slice(0, index), version } : null;
}

/** Root and version of `<root>:<version>`; null when it is not exactly one `:` between two non-empty parts. */
export function parseReference(reference: string): VersionedName | null {
  const parts = reference.split(REFERENCE_SEPARATOR);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { root: parts[0], version: parts[1] };
}

/** Symphony's `ValidateObjectName` for a versioned object, message for message. */
export function validateObjectName(name: string, rootResource: string | undefined): SymphonyErrorField | null {
  if (!rootResource)
    return { fieldPath: 'spec.rootResource', value: rootResource ?? '', detailedMessage: 'rootResource must be a non-empty string' };
  if (!name.startsWith(rootResource))
    return { fieldPath: 'metadata.name', value: name, detailedMessage: 'name must start with spec.rootResource' };
  const prefix = rootResource + RESOURCE_SEPARATOR;
  if (!name.startsWith(prefix))
    return {
      fieldPath: 'metadata.name',
      value: name,
      detailedMessage: `name should be in the format '<rootResource>${RESOURCE_SEPARATOR}<version>'`,
    };
  const remaining = name.slice(prefix.length);
  if (remaining.includes(RESOURCE_SEPARATOR) || remaining.startsWith('v-'))
    return {
      fieldPath: 'metadata.name',
      value: name,
      detailedMessage: "name should be in the format <rootResource>-v-<version> where <version> does not contain '-v-' or starts with 'v-'",
    };
  return null;
}

// Symphony accepts any version text its name check lets through, even an empty one; such versions
// only fail later (in URLs, labels, image tags), so they are refused here.
const VERSION_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** Stricter than Symphony: a non-empty version of label-safe characters. */
export function validateVersion(version: string | undefined): SymphonyErrorField | null {
  if (version && VERSION_PATTERN.test(version) && !version.includes(RESOURCE_SEPARATOR) && !version.startsWith('v-')) return null;
  return {
    fieldPath: 'spec.version',
    value: version ?? '',
    detailedMessage: "version must be 1-63 letters, digits, '.', '_' or '-', start and end with a letter or digit, and not contain '-v-'",
  };
}
