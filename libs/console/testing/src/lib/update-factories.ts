import {
  fleetInstanceName,
  type BulkUpdateResponse,
  type CarUpdateOutcome,
  type FleetVersion,
  type UpdateHistoryEntry,
} from '@fleet/shared/contracts';

let sequence = 0;

/** A fleet version with two components tagged with the version, for every model unless overridden. */
export function aFleetVersion(version = '1.2.4', overrides: Partial<FleetVersion> = {}): FleetVersion {
  const components = ['telematics', 'navigation'].map((name) => ({
    name,
    runtime: 'podman',
    image: `registry/${name}:${version}`,
    dependencies: [],
  }));
  return {
    version,
    name: `fleet-v-${version}`,
    reference: `fleet:${version}`,
    displayName: `Fleet ${version}`,
    releaseNotes: `Release notes of ${version}`,
    createdAt: '2026-11-20T08:00:00.000Z',
    compatibleModels: [],
    components,
    spec: [],
    ...overrides,
  };
}

export function aHistoryEntry(overrides: Partial<UpdateHistoryEntry> = {}): UpdateHistoryEntry {
  sequence++;
  const carId = overrides.carId ?? 'car-1';
  return {
    id: `h-${sequence}`,
    carId,
    kind: 'update',
    fromVersion: '1.2.3',
    toVersion: '1.2.4',
    result: 'pending',
    phase: 'queued',
    actor: 'ada',
    requestedAt: new Date(Date.UTC(2026, 10, 26, 10, 0, sequence % 60)).toISOString(),
    finishedAt: null,
    instance: fleetInstanceName(carId),
    instanceGeneration: sequence,
    jobId: `job-${sequence}`,
    coaState: null,
    coaStateName: null,
    components: {},
    plan: [],
    messages: [],
    ...overrides,
  };
}

export function anAccepted(carId: string, overrides: Partial<UpdateHistoryEntry> = {}): CarUpdateOutcome {
  return { carId, status: 'accepted', entry: aHistoryEntry({ carId, ...overrides }) };
}

export function aRefusal(carId: string, reason = `car ${carId} is driving`, statusCode = 409): CarUpdateOutcome {
  return { carId, status: 'refused', statusCode, reason };
}

export function aBulkResponse(results: CarUpdateOutcome[]): BulkUpdateResponse {
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { accepted, refused: results.length - accepted, results };
}
