import {
  FLEET_SOLUTION,
  FleetVersionAnnotations,
} from '@fleet/shared/contracts';
import type {
  ComponentSpec,
  SymphonyInstance,
  SymphonySolution,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import { carTarget } from '../../app/symphony/car-target';

export const COMPONENT_NAMES = ['telematics', 'infotainment', 'adas'] as const;

export function component(
  name: string,
  tag: string,
  overrides: Partial<ComponentSpec> = {},
): ComponentSpec {
  return {
    name,
    type: 'ankaios-workload',
    properties: {
      'ankaios.runtime': 'podman',
      'ankaios.restartPolicy': 'ALWAYS',
      'ankaios.runtimeConfig': `image: ghcr.io/fleet-ota/${name}:${tag}\n`,
    },
    ...overrides,
  };
}

export function fleetSolution(): SymphonySolution {
  return { metadata: { name: FLEET_SOLUTION, namespace: 'default' }, spec: {} };
}

export function fleetVersion(
  version: string,
  options: {
    compatibleModels?: string;
    createdAt?: string;
    components?: ComponentSpec[];
  } = {},
): SymphonySolutionVersion {
  return {
    metadata: {
      name: `${FLEET_SOLUTION}-v-${version}`,
      namespace: 'default',
      annotations: {
        [FleetVersionAnnotations.releaseNotes]: `notes of ${version}`,
        [FleetVersionAnnotations.compatibleModels]:
          options.compatibleModels ?? 'sedan,suv,van',
        [FleetVersionAnnotations.createdAt]:
          options.createdAt ?? '2026-10-01T00:00:00Z',
      },
    },
    spec: {
      rootResource: FLEET_SOLUTION,
      version,
      displayName: `Fleet software ${version}`,
      components:
        options.components ?? COMPONENT_NAMES.map((n) => component(n, version)),
    },
  };
}

export function target(
  carId: string,
  region = 'munich',
  model = 'atlas-sedan',
): SymphonyTarget {
  return carTarget({ id: carId, region, model }, 'mqtt://127.0.0.1:18830');
}

export function instance(
  name: string,
  solution: string,
  targetName: string,
): SymphonyInstance {
  return {
    metadata: { name, namespace: 'default' },
    spec: { solution, target: { name: targetName } },
  };
}
