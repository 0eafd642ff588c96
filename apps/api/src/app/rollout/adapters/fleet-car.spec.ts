import type { CarStatus, CarWorkloadStatus } from '@fleet/shared/contracts';
import { carView, executionState } from '../../../testing/factories';
import { healthOf, toFleetCar } from './fleet-car';

function workload(
  name: string,
  overrides: Partial<CarWorkloadStatus> = {},
): CarWorkloadStatus {
  return {
    name,
    instanceId: `${name}-1`,
    executionState: executionState('Running'),
    display: 'Running(Ok)',
    health: 'healthy',
    ...overrides,
  };
}

function status(
  workloadStates: CarWorkloadStatus[],
  overrides: Partial<CarStatus> = {},
): CarStatus {
  return { ...carView(), workloadStates, workloadStatesAt: null, ...overrides };
}

describe(healthOf.name, () => {
  it('is healthy only when every workload reports healthy', () => {
    expect(healthOf(status([workload('a'), workload('b')]))).toEqual({
      health: 'healthy',
    });
    expect(
      healthOf(status([workload('a'), workload('b', { health: 'unknown' })])),
    ).toEqual({ health: 'unknown' });
    expect(healthOf(status([]))).toEqual({ health: 'unknown' });
  });

  it('names unhealthy and failed workloads, and a crashed agent', () => {
    const failed = workload('b', {
      executionState: executionState('Failed', 'ExecFailed'),
      display: 'Failed(ExecFailed)',
      health: 'unknown',
    });
    expect(
      healthOf(status([workload('a', { health: 'unhealthy' }), failed])),
    ).toEqual({
      health: 'unhealthy',
      detail: 'a unhealthy, b Failed(ExecFailed)',
    });
    expect(
      healthOf(status([workload('a')], { connection: 'crashed' })),
    ).toEqual({ health: 'unhealthy', detail: 'agent crashed' });
  });
});

describe(toFleetCar.name, () => {
  it('keeps what the engine needs', () => {
    expect(toFleetCar(status([workload('a')]))).toEqual({
      id: 'munich-000001',
      region: 'munich',
      model: 'atlas-sedan',
      version: '1.2.3',
      vehicleState: 'parked',
      connection: 'online',
      health: 'healthy',
    });
  });
});
