// Symphony's create/update/delete checks (model/solution_validator.go, instance_validator.go) with
// its messages, plus this project's Ankaios component checks on SolutionVersions.
import type { SymphonyInstance, SymphonySolutionVersion } from '@fleet/shared/contracts';
import type { SymphonyErrorField } from './checked';
import { validateAnkaiosComponents } from './component-validation';
import { parseObjectName, referenceToObjectName, validateObjectName, validateVersion } from './names';

export interface SolutionVersionLookups {
  /** Does the Solution container `root` exist? */
  containerExists(root: string): boolean;
}

/** Checks of a new SolutionVersion: name format, container, version, components. */
export function validateSolutionVersionCreate(
  version: SymphonySolutionVersion,
  lookups: SolutionVersionLookups,
): SymphonyErrorField[] {
  const errors: SymphonyErrorField[] = [];
  const spec = version.spec ?? {};
  const nameError = validateObjectName(version.metadata?.name ?? '', spec.rootResource);
  if (nameError) errors.push(nameError);
  else if (!lookups.containerExists(spec.rootResource as string))
    errors.push({ fieldPath: 'spec.rootResource', value: spec.rootResource, detailedMessage: 'rootResource must be a valid container' });
  const versionError = validateVersion(spec.version);
  if (versionError) errors.push(versionError);
  else if (!nameError && parseObjectName(version.metadata.name)?.version !== spec.version)
    errors.push({ fieldPath: 'spec.version', value: spec.version, detailedMessage: 'version must be the part of the name after -v-' });
  errors.push(...validateAnkaiosComponents(spec.components ?? [], { checkRuntimeConfigYaml: true }));
  return errors;
}

/** Symphony: rootResource is immutable. So is the version here, since the object name carries it. */
export function validateSolutionVersionUpdate(next: SymphonySolutionVersion, previous: SymphonySolutionVersion): SymphonyErrorField[] {
  const errors: SymphonyErrorField[] = [];
  if (next.spec?.rootResource !== previous.spec?.rootResource)
    errors.push({ fieldPath: 'spec.rootResource', value: next.spec?.rootResource, detailedMessage: 'rootResource is immutable' });
  if (next.spec?.version !== previous.spec?.version)
    errors.push({ fieldPath: 'spec.version', value: next.spec?.version, detailedMessage: 'version is immutable' });
  errors.push(...validateAnkaiosComponents(next.spec?.components ?? [], { checkRuntimeConfigYaml: true }));
  return errors;
}

/** A version in use (an Instance points at it) cannot be deleted. */
export function validateSolutionVersionDelete(name: string, instancesUsing: (objectName: string) => string[]): SymphonyErrorField[] {
  return instancesUsing(name).length > 0
    ? [{ fieldPath: 'metadata.name', value: name, detailedMessage: 'Solution has one or more associated instances. Deletion is not allowed.' }]
    : [];
}

/** A container with versions cannot be deleted. */
export function validateSolutionDelete(name: string, versionsOf: (root: string) => string[]): SymphonyErrorField[] {
  return versionsOf(name).length > 0
    ? [{ fieldPath: 'metadata.name', value: name, detailedMessage: 'Solution container has one or more associated solution versions. Deletion is not allowed.' }]
    : [];
}

export interface InstanceLookups {
  /** Does the SolutionVersion with this object name exist? */
  solutionExists(objectName: string): boolean;
  targetExists(name: string): boolean;
}

/** Symphony's instance checks: the solution and the named target exist; a target name or selector is given. */
export function validateInstance(instance: SymphonyInstance, lookups: InstanceLookups): SymphonyErrorField[] {
  const errors: SymphonyErrorField[] = [];
  const spec = instance.spec ?? { solution: '', target: {} };
  if (!spec.solution || !lookups.solutionExists(referenceToObjectName(spec.solution)))
    errors.push({ fieldPath: 'spec.solution', value: spec.solution ?? '', detailedMessage: 'solution does not exist' });
  const target = spec.target ?? {};
  if (target.name && !lookups.targetExists(target.name))
    errors.push({ fieldPath: 'spec.target.name', value: target.name, detailedMessage: 'target does not exist' });
  if (!target.name && Object.keys(target.selector ?? {}).length === 0)
    errors.push({ fieldPath: 'spec.target', value: target, detailedMessage: 'target must have either name or valid selector' });
  return errors;
}
