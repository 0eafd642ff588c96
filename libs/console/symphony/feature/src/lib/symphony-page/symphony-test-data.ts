import type { SummaryResult, SymphonyInstance, SymphonySolutionVersion, SymphonyTarget } from '@fleet/shared/contracts';

export function aSolutionVersion(version: string): SymphonySolutionVersion {
  return {
    metadata: { name: `fleet-v-${version}` },
    spec: {
      rootResource: 'fleet',
      version,
      displayName: `Fleet ${version}`,
      components: [
        { name: 'telematics', type: 'ankaios-workload', properties: { 'ankaios.runtime': 'podman', 'ankaios.runtimeConfig': `image: registry/telematics:${version}\n` } },
      ],
    },
  };
}

export function aTarget(carId: string, region = 'munich'): SymphonyTarget {
  return {
    metadata: { name: `car-${carId}` },
    spec: {
      properties: { region },
      topologies: [
        {
          bindings: [
            {
              role: 'ankaios-workload',
              provider: 'providers.target.mqtt',
              config: { requestTopic: `coa-request-car-${carId}`, responseTopic: `coa-response-car-${carId}` },
            },
          ],
        },
      ],
    },
  };
}

export function anInstance(carId: string, version = '1.2.4'): SymphonyInstance {
  return { metadata: { name: `fleet-car-${carId}`, objGeneraion: 2 }, spec: { solution: `fleet:${version}`, target: { name: `car-${carId}` } } };
}

export function aSummaryResult(carId: string): SummaryResult {
  return {
    generation: '2',
    time: '2026-11-26T10:00:00Z',
    state: 2,
    deploymentHash: 'h',
    summary: {
      targetCount: 1,
      successCount: 1,
      plannedDeployment: 1,
      currentDeployed: 1,
      skipped: false,
      isRemoval: false,
      allAssignedDeployed: true,
      removed: false,
      targets: { [`car-${carId}`]: { status: 'OK', components: { telematics: { status: 8004, message: 'updated' } } } },
    },
  };
}
