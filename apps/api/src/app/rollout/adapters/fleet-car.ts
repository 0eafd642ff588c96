import type { CarStatus } from '@fleet/shared/contracts';
import type { CarHealth, FleetCar } from '../engine/ports';

/** Health beyond "running" (Ankaios issue #109): the workloads' own health signal, failed workloads, a crashed agent. */
export function healthOf(car: CarStatus): {
  health: CarHealth;
  detail?: string;
} {
  const unhealthy = car.workloadStates
    .filter((w) => w.health === 'unhealthy')
    .map((w) => w.name);
  const failed = car.workloadStates
    .filter((w) => w.executionState.state === 'Failed')
    .map((w) => `${w.name} ${w.display}`);
  if (car.connection === 'crashed' || car.connection === 'stopped')
    return { health: 'unhealthy', detail: `agent ${car.connection}` };
  if (unhealthy.length > 0 || failed.length > 0 || car.workloads.failed > 0) {
    const detail = [...unhealthy.map((n) => `${n} unhealthy`), ...failed].join(
      ', ',
    );
    return {
      health: 'unhealthy',
      detail: detail || `${car.workloads.failed} workload(s) failed`,
    };
  }
  const healthy =
    car.workloadStates.length > 0 &&
    car.workloadStates.every((w) => w.health === 'healthy');
  return { health: healthy ? 'healthy' : 'unknown' };
}

export function toFleetCar(car: CarStatus): FleetCar {
  const { health, detail } = healthOf(car);
  return {
    id: car.id,
    region: car.region,
    model: car.model,
    version: car.version,
    vehicleState: car.vehicleState,
    connection: car.connection,
    health,
    ...(detail ? { healthDetail: detail } : {}),
  };
}
