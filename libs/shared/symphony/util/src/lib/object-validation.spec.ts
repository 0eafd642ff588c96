import type { SymphonyInstance } from '@fleet/shared/contracts';
import { component, solutionVersion } from '../testing/factories';
import {
  validateInstance,
  validateSolutionDelete,
  validateSolutionVersionCreate,
  validateSolutionVersionDelete,
  validateSolutionVersionUpdate,
} from './object-validation';

const containers = (...roots: string[]) => ({ containerExists: (root: string) => roots.includes(root) });

describe(validateSolutionVersionCreate.name, () => {
  it('accepts a well-formed version of an existing container', () => {
    expect(validateSolutionVersionCreate(solutionVersion('1.2.4'), containers('fleet'))).toEqual([]);
  });

  it('requires the container to exist', () => {
    expect(validateSolutionVersionCreate(solutionVersion('1.2.4'), containers())).toEqual([
      { fieldPath: 'spec.rootResource', value: 'fleet', detailedMessage: 'rootResource must be a valid container' },
    ]);
  });

  it('requires the name to carry the spec version', () => {
    const version = solutionVersion('1.2.4');
    version.spec.version = '1.2.5';
    expect(validateSolutionVersionCreate(version, containers('fleet')).map((e) => e.detailedMessage)).toEqual([
      'version must be the part of the name after -v-',
    ]);
  });

  it('reports name format and component problems together', () => {
    const version = solutionVersion('1.2.4', [component('a', { type: 'helm.v3' })]);
    version.metadata.name = 'fleet-1.2.4';
    expect(validateSolutionVersionCreate(version, containers('fleet')).map((e) => e.fieldPath)).toEqual(['metadata.name', 'spec.components[0].type']);
  });
});

describe(validateSolutionVersionUpdate.name, () => {
  it('keeps rootResource and version immutable', () => {
    const next = solutionVersion('1.2.5', [component('a')], 'other');
    expect(validateSolutionVersionUpdate(next, solutionVersion('1.2.4')).map((e) => e.fieldPath)).toEqual(['spec.rootResource', 'spec.version']);
  });
});

describe(validateSolutionVersionDelete.name, () => {
  it('refuses to delete a version an instance uses', () => {
    expect(validateSolutionVersionDelete('fleet-v-1.2.4', () => ['fleet-munich'])).toEqual([
      { fieldPath: 'metadata.name', value: 'fleet-v-1.2.4', detailedMessage: 'Solution has one or more associated instances. Deletion is not allowed.' },
    ]);
    expect(validateSolutionVersionDelete('fleet-v-1.2.3', () => [])).toEqual([]);
  });
});

describe(validateSolutionDelete.name, () => {
  it('refuses to delete a container that still has versions', () => {
    expect(validateSolutionDelete('fleet', () => ['fleet-v-1.2.4'])).toHaveLength(1);
    expect(validateSolutionDelete('fleet', () => [])).toEqual([]);
  });
});

describe(validateInstance.name, () => {
  const lookups = { solutionExists: (n: string) => n === 'fleet-v-1.2.4', targetExists: (n: string) => n === 'car-c1' };
  const instance = (solution: string, target: SymphonyInstance['spec']['target']): SymphonyInstance => ({
    metadata: { name: 'fleet-munich' },
    spec: { solution, target },
  });

  it('accepts a reference to an existing version and a target selector', () => {
    expect(validateInstance(instance('fleet:1.2.4', { selector: { region: 'munich' } }), lookups)).toEqual([]);
    expect(validateInstance(instance('fleet:1.2.4', { name: 'car-c1' }), lookups)).toEqual([]);
  });

  it('uses Symphony messages for a missing solution, a missing target and no target at all', () => {
    expect(validateInstance(instance('fleet:9.9.9', { name: 'car-x' }), lookups).map((e) => e.detailedMessage)).toEqual([
      'solution does not exist',
      'target does not exist',
    ]);
    expect(validateInstance(instance('fleet:1.2.4', {}), lookups).map((e) => e.detailedMessage)).toEqual([
      'target must have either name or valid selector',
    ]);
  });
});
