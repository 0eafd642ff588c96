// Test data for this library's specs (not exported).
import type { ComponentSpec, DeploymentSpec, SymphonySolution, SymphonySolutionVersion } from '@fleet/shared/contracts';

export function component(name: string, overrides: Partial<ComponentSpec> = {}, image = `registry/${name}:1.0.0`): ComponentSpec {
  return {
    name,
    type: 'ankaios-workload',
    properties: {
      'ankaios.runtime': 'podman',
      'ankaios.restartPolicy': 'ALWAYS',
      'ankaios.runtimeConfig': `image: ${image}\n`,
    },
    ...overrides,
  };
}

export function solution(name = 'fleet'): SymphonySolution {
  return { metadata: { name, namespace: 'default' }, spec: {} };
}

export function solutionVersion(version: string, components: ComponentSpec[] = [component('telematics')], root = 'fleet'): SymphonySolutionVersion {
  return {
    metadata: { name: `${root}-v-${version}`, namespace: 'default' },
    spec: { rootResource: root, version, displayName: `${root} ${version}`, components },
  };
}

export function deployment(components: ComponentSpec[], overrides: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return {
    solutionName: 'fleet-v-1.2.4',
    solution: solutionVersion('1.2.4', components),
    instance: { metadata: { name: 'fleet-munich' }, spec: { solution: 'fleet:1.2.4', target: { name: 'car-c1' } } },
    targets: { 'car-c1': { metadata: { name: 'car-c1' }, spec: {} } },
    ...overrides,
  };
}
