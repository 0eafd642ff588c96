import { Logger } from '@nestjs/common';
import {
  agentSettings,
  appConfig,
  brokerEndpoint,
} from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { FakeSpawner } from '../../testing/fake-spawner';
import { settle } from '../../testing/cars-harness';
import { AppConfigService } from '../config/app-config.service';
import {
  AgentProcessEvent,
  AgentSupervisor,
  STOP_GRACE_MS,
} from './agent-supervisor';
import type { AgentSpec } from './agent-command';

const spec = (id = 'munich-000001'): AgentSpec => ({
  id,
  region: 'munich',
  model: 'atlas-sedan',
  vehicleState: 'parked',
});

function setup(restartLimit = 5) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const config = new AppConfigService(
    appConfig({ dataDir: '/data', agent: agentSettings({ restartLimit }) }),
  );
  const supervisor = new AgentSupervisor(
    spawner,
    clock,
    config,
    brokerEndpoint('mqtt://127.0.0.1:1884'),
  );
  const events: AgentProcessEvent[] = [];
  supervisor.events$.subscribe((e) => events.push(e));
  return { clock, spawner, supervisor, events };
}

describe(AgentSupervisor.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('spawns the agent with its flags and reports it starting', () => {
    const { spawner, supervisor, events } = setup();

    supervisor.start(spec());

    expect(spawner.spawned).toHaveLength(1);
    expect(spawner.spawned[0].command.args).toEqual(
      expect.arrayContaining([
        '--name',
        'munich-000001',
        '--server-url',
        'mqtt://127.0.0.1:1884',
        '--run-folder',
        '/data/agents/munich-000001',
      ]),
    );
    expect(events).toEqual([
      {
        carId: 'munich-000001',
        connection: 'starting',
        pid: 4000,
        restarts: 0,
      },
    ]);
  });

  it('does not spawn a second agent for a car it already supervises', () => {
    const { spawner, supervisor } = setup();

    supervisor.start(spec());
    supervisor.start(spec());

    expect(spawner.spawned).toHaveLength(1);
  });

  it('reports a dead agent as crashed and restarts it after 1 s, then 2 s', () => {
    const { clock, spawner, supervisor, events } = setup();
    supervisor.start(spec());

    spawner.spawned[0].exit(1);
    expect(events.at(-1)).toMatchObject({ connection: 'crashed', pid: null });
    clock.advance(999);
    expect(spawner.spawned).toHaveLength(1);
    clock.advance(1);
    expect(spawner.spawned).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({
      connection: 'starting',
      pid: spawner.spawned[1].pid,
      restarts: 1,
    });

    spawner.spawned[1].exit(null, 'SIGKILL');
    expect(clock.pendingDelays).toEqual([2000]);
  });

  it('restarts a crashed agent with the vehicle state it was last given', () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start(spec());
    supervisor.setVehicleState('munich-000001', 'driving');

    spawner.spawned[0].exit(1);
    clock.advance(1000);

    const args = spawner.spawned[1].command.args;
    expect(args[args.indexOf('--vehicle-state') + 1]).toBe('driving');
  });

  it('leaves the agent stopped once the restart limit is reached', () => {
    const { clock, spawner, supervisor, events } = setup(2);
    supervisor.start(spec());

    spawner.spawned[0].exit(1);
    clock.advance(1000);
    spawner.spawned[1].exit(1);
    clock.advance(2000);
    spawner.spawned[2].exit(1);
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ connection: 'stopped', restarts: 2 });
    expect(supervisor.counts()).toEqual({ running: 0, crashed: 1, desired: 1 });
  });

  it('does not restart an agent that exits with code 3 (name taken)', () => {
    const { clock, spawner, supervisor, events } = setup();
    supervisor.start(spec());

    spawner.spawned[0].exit(3);
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ connection: 'stopped' });
  });

  it('stops an agent with SIGTERM to its process group and waits for it to exit', async () => {
    const { spawner, supervisor } = setup();
    supervisor.start(spec());

    await supervisor.stop('munich-000001');

    expect(spawner.signals).toEqual([{ pid: 4000, signal: 'SIGTERM' }]);
    expect(spawner.alive()).toHaveLength(0);
    expect(supervisor.isSupervised('munich-000001')).toBe(false);
  });

  it('sends SIGKILL when the agent ignores SIGTERM for 5 s', async () => {
    const { clock, spawner, supervisor } = setup();
    spawner.ignoreSigterm = true;
    supervisor.start(spec());

    const stopped = supervisor.stop('munich-000001');
    clock.advance(STOP_GRACE_MS);
    await stopped;

    expect(spawner.signals.map((s) => s.signal)).toEqual([
      'SIGTERM',
      'SIGKILL',
    ]);
    expect(spawner.alive()).toHaveLength(0);
  });

  it('cancels a scheduled restart when the car is stopped', async () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start(spec());
    spawner.spawned[0].exit(1);

    await supervisor.stop('munich-000001');
    clock.advance(60_000);

    expect(spawner.spawned).toHaveLength(1);
  });

  it('starts a new agent of a name only once the old one being stopped has exited', async () => {
    const { clock, spawner, supervisor } = setup();
    spawner.ignoreSigterm = true;
    supervisor.start(spec());

    const stopping = supervisor.stop('munich-000001');
    supervisor.start(spec());
    expect(spawner.spawned).toHaveLength(1);
    clock.advance(STOP_GRACE_MS);
    await stopping;
    await settle();

    expect(spawner.spawned).toHaveLength(2);
    expect(spawner.alive()).toEqual([spawner.spawned[1]]);
    expect(supervisor.isSupervised('munich-000001')).toBe(true);
  });

  it('discards a car: stops its agent and removes its run folder', async () => {
    const { spawner, supervisor } = setup();
    supervisor.start(spec());

    await supervisor.discard('munich-000001');

    expect(spawner.alive()).toHaveLength(0);
    expect(spawner.removedFolders).toEqual(['/data/agents/munich-000001']);
  });

  it('stops every agent at once and counts none afterwards', async () => {
    const { spawner, supervisor } = setup();
    supervisor.start(spec('a'));
    supervisor.start(spec('b'));
    expect(supervisor.counts()).toEqual({ running: 2, crashed: 0, desired: 2 });

    await supervisor.stopAll();

    expect(spawner.alive()).toHaveLength(0);
    expect(supervisor.counts()).toEqual({ running: 0, crashed: 0, desired: 0 });
  });

  it('reports a stop of every agent in one line per outcome, naming a few cars, not a line per car', async () => {
    const { clock, spawner, supervisor } = setup();
    const log = jest.spyOn(Logger.prototype, 'log');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');
    const ids = Array.from({ length: 9 }, (_, n) => `car-${n + 1}`);
    ids.forEach((id) => supervisor.start(spec(id)));
    spawner.spawned
      .slice(0, 7)
      .forEach((p) => spawner.ignoringSigterm.add(p.pid));
    spawner.unkillable.add(spawner.spawned[8].pid);

    const stopped = supervisor.stopAll();
    await settle(); // car-8 leaves on SIGTERM
    clock.advance(STOP_GRACE_MS);
    await settle();
    clock.advance(5_000);
    await stopped;

    expect(spawner.alive().map((p) => p.pid)).toEqual([spawner.spawned[8].pid]);
    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      '7 of 9 agent(s) ignored SIGTERM for 5000 ms and were killed: car-1, car-2, car-3, car-4, car-5 and 2 more',
    ]);
    expect(error.mock.calls.map(([m]) => m)).toEqual([
      '1 agent(s) did not exit after SIGKILL: car-9',
    ]);
    const stopLines = log.mock.calls
      .map(([m]) => String(m))
      .filter((m) => m.includes('stop'));
    expect(stopLines).toEqual([
      'stopping 9 agent(s)',
      'stopped 9 agent(s) in 10000 ms',
    ]);
    expect(supervisor.counts()).toEqual({ running: 0, crashed: 0, desired: 0 });
  });

  it('still names the car in its own warning when one agent is stopped and needs SIGKILL', async () => {
    const { clock, spawner, supervisor } = setup();
    const warn = jest.spyOn(Logger.prototype, 'warn');
    spawner.ignoreSigterm = true;
    supervisor.start(spec());

    const stopped = supervisor.stop('munich-000001');
    clock.advance(STOP_GRACE_MS);
    await stopped;

    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      `car=munich-000001 agent ignored SIGTERM for ${STOP_GRACE_MS} ms; sending SIGKILL`,
    ]);
  });

  it('logs the agent output line by line with the car id', async () => {
    const { spawner, supervisor } = setup();
    const log = jest.spyOn(Logger.prototype, 'log');
    supervisor.start(spec());

    spawner.spawned[0].stdout.write('first line\nsecond ');
    spawner.spawned[0].stdout.write('line\n');
    await settle();

    expect(log).toHaveBeenCalledWith('car=munich-000001 first line');
    expect(log).toHaveBeenCalledWith('car=munich-000001 second line');
  });
});
