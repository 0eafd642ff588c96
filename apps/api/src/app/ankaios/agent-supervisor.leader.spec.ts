import { Logger } from '@nestjs/common';
import {
  agentSettings,
  appConfig,
  brokerEndpoint,
} from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { FakeSpawner } from '../../testing/fake-spawner';
import type { LeaseService } from '../cluster/lease.service';
import { AppConfigService } from '../config/app-config.service';
import { CarCredentials } from '../mqtt/car-credentials';
import type { AgentSpec } from './agent-command';
import { AgentSupervisor, NAME_TAKEN_RETRIES } from './agent-supervisor';
import { EXIT_NAME_TAKEN } from './restart-policy';

const spec = (id = 'munich-000001'): AgentSpec => ({
  id,
  region: 'munich',
  model: 'atlas-sedan',
  vehicleState: 'parked',
});

/** Several replicas: agents are the lease holder's alone. */
function setup(leader: boolean, cluster = true) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const lease = { isLeader: leader } as { isLeader: boolean };
  const config = new AppConfigService(
    appConfig({
      dataDir: '/data',
      agent: agentSettings({ restartLimit: 5 }),
      cluster: { enabled: cluster, leaseTtlSeconds: 3 },
    }),
  );
  const supervisor = new AgentSupervisor(
    spawner,
    clock,
    config,
    brokerEndpoint('mqtt://127.0.0.1:1884'),
    new CarCredentials(null),
    lease as unknown as LeaseService,
  );
  return { clock, spawner, supervisor, lease };
}

describe(`${AgentSupervisor.name} with several replicas`, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('a follower spawns nothing: start is left to the leader', () => {
    const { spawner, supervisor } = setup(false);

    expect(supervisor.start(spec())).toBe(false);

    expect(spawner.spawned).toHaveLength(0);
    expect(supervisor.isSupervised('munich-000001')).toBe(false);
    expect(supervisor.supervisedIds()).toEqual([]);
  });

  it('the leader spawns, and a replica that became leader spawns what it was asked for from then on', () => {
    const { spawner, supervisor, lease } = setup(false);
    supervisor.start(spec());
    lease.isLeader = true;

    expect(supervisor.start(spec())).toBe(true);

    expect(spawner.spawned.map((p) => p.carId)).toEqual(['munich-000001']);
    expect(supervisor.supervisedIds()).toEqual(['munich-000001']);
  });

  it('a spawn refused because the name is taken is tried again with backoff until the old agent is gone', () => {
    const { clock, spawner, supervisor } = setup(true);
    supervisor.start(spec());

    spawner.spawned[0].exit(EXIT_NAME_TAKEN);
    clock.advance(999);
    expect(spawner.spawned).toHaveLength(1);
    clock.advance(1);
    expect(spawner.spawned).toHaveLength(2);
    spawner.spawned[1].exit(EXIT_NAME_TAKEN);
    clock.advance(1999);
    expect(spawner.spawned).toHaveLength(2);
    clock.advance(1);
    expect(spawner.spawned).toHaveLength(3);
    // The old agent has left: this one stays.
    expect(spawner.alive()).toHaveLength(1);
    expect(supervisor.counts()).toEqual({ running: 1, crashed: 0, desired: 1 });
  });

  it('gives a taken name up after a bounded number of tries', () => {
    const { clock, spawner, supervisor } = setup(true);
    supervisor.start(spec());

    for (let i = 0; i <= NAME_TAKEN_RETRIES; i++) {
      spawner.spawned[i].exit(EXIT_NAME_TAKEN);
      clock.advance(60_000);
    }

    expect(spawner.spawned).toHaveLength(NAME_TAKEN_RETRIES + 1);
    clock.advance(600_000);
    expect(spawner.spawned).toHaveLength(NAME_TAKEN_RETRIES + 1);
  });

  it('no retry once the replica is no longer leader', () => {
    const { clock, spawner, supervisor, lease } = setup(true);
    supervisor.start(spec());

    spawner.spawned[0].exit(EXIT_NAME_TAKEN);
    lease.isLeader = false;
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(1);
    expect(supervisor.isSupervised('munich-000001')).toBe(false);
  });

  it('a stop during the backoff cancels the retry', async () => {
    const { clock, spawner, supervisor } = setup(true);
    supervisor.start(spec());
    spawner.spawned[0].exit(EXIT_NAME_TAKEN);

    await supervisor.stop('munich-000001');
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(1);
  });

  it('a single replica (no cluster) still gives a taken name up at once', () => {
    const { clock, spawner, supervisor } = setup(true, false);
    supervisor.start(spec());

    spawner.spawned[0].exit(EXIT_NAME_TAKEN);
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(1);
  });
});
