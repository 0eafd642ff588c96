// The target agent against the real SimulatedCluster on real timers, at high speed.
import { CoaState, FleetProviderState, formatExecutionState, type DesiredState } from '@fleet/shared/contracts';
import { SimulatedCluster } from '../ankaios';
import type { SymphonyCluster } from './ports';
import { SymphonyTargetAgent } from './symphony-target-agent';
import { AGENT, coaRequest, deployment, fleetWorkloads, image, TARGET } from './testing/factories';
import { FakeVehicle } from './testing/fakes';
import { harness } from './testing/harness';

const realTimers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function setUp() {
  const cluster = new SimulatedCluster({ agentName: AGENT, tags: { region: 'munich' }, speed: 20, random: () => 0.5, retry: { maxRetries: 1, baseMs: 20 } });
  const port: SymphonyCluster = cluster;
  const vehicle = new FakeVehicle();
  const h = harness({ cluster: port, vehicle, clock: realTimers as never, timeouts: { healthTimeoutMs: 5_000, restoreTimeoutMs: 5_000, pollIntervalMs: 50 } });
  return { ...h, cluster };
}

async function runFleet(cluster: SimulatedCluster, version: string): Promise<void> {
  const state: DesiredState = { apiVersion: 'v1', workloads: fleetWorkloads(version), configs: {} };
  cluster.updateState({ desiredState: state }, []);
  await until(() => Object.values(cluster.health()).filter((h) => h === 'healthy').length === 3);
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const shown = (cluster: SimulatedCluster) =>
  Object.fromEntries(Object.entries(cluster.workloadStates()).map(([n, s]) => [n, Object.values(s).map(formatExecutionState)]));

describe(`${SymphonyTargetAgent.name} with the simulated cluster`, () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('updates 1.2.3 -> 1.2.4 and answers only once every workload runs healthy', async () => {
    const h = setUp();
    stop = () => h.cluster.stop();
    await runFleet(h.cluster, '1.2.3');
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    expect(h.last().state).toBe(CoaState.OK);
    expect(h.last().json.targets[TARGET].components.adas).toEqual({ status: CoaState.Updated, message: 'Running(Ok), healthy' });
    expect(h.cluster.version()).toBe('1.2.4');
    expect(shown(h.cluster)).toEqual({ telematics: ['Running(Ok)'], infotainment: ['Running(Ok)'], adas: ['Running(Ok)'] });
    expect(h.cluster.health()).toEqual({ telematics: 'healthy', infotainment: 'healthy', adas: 'healthy' });
  });

  it('rolls back to 1.2.3 when the new adas image cannot start', async () => {
    const h = setUp();
    stop = () => h.cluster.stop();
    await runFleet(h.cluster, '1.2.3');
    h.cluster.setFaultRules([{ image: image('adas', '1.2.4'), fault: 'fail-start', probability: 1 }]);
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    expect(h.last().state).toBe(CoaState.InternalError);
    expect(h.last().json.targets[TARGET].components.adas.status).toBe(CoaState.UpdateFailed);
    expect(h.last().json.message).toMatch(/failed: adas .*StartingFailed.*previous workloads restored$/);
    expect(h.cluster.version()).toBe('1.2.3');
    expect(h.cluster.health()).toEqual({ telematics: 'healthy', infotainment: 'healthy', adas: 'healthy' });
  });

  it('is interrupted when the car drives off during the install and is back on 1.2.3', async () => {
    const h = setUp();
    stop = () => h.cluster.stop();
    await runFleet(h.cluster, '1.2.3');
    const done = h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));
    await new Promise((resolve) => setTimeout(resolve, 30));
    h.vehicle.set('driving');
    await done;

    expect(h.last().state).toBe(FleetProviderState.Interrupted);
    expect(h.cluster.version()).toBe('1.2.3');
    expect(shown(h.cluster)).toEqual({ telematics: ['Running(Ok)'], infotainment: ['Running(Ok)'], adas: ['Running(Ok)'] });
  });
});
