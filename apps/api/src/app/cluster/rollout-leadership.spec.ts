import { SchedulerRegistry } from '@nestjs/schedule';
import type { Principal } from '@fleet/shared/contracts';
import { BehaviorSubject, Subject } from 'rxjs';
import { FakeClock } from '../../testing/fake-clock';
import type { RegistryFleetView } from '../rollout/adapters/registry-fleet-view';
import type { UpdatesDispatcher } from '../rollout/adapters/updates-dispatcher';
import type { CarOutcome } from '../rollout/engine/ports';
import type { TypeOrmRolloutRepository } from '../rollout/persistence/typeorm-rollout.repository';
import type { RolloutProgressPublisher } from '../rollout/rollout-progress.publisher';
import { RolloutStartScheduler } from '../rollout/rollout-start.scheduler';
import { RolloutsService, TICK_MS } from '../rollout/rollouts.service';
import type { RolloutCampaignMirror } from '../rollout/symphony/campaign-mirror';
import { FakeDispatcher } from '../rollout/testing/fake-dispatcher';
import { FakeFleet } from '../rollout/testing/fake-fleet';
import { InMemoryRolloutRepository } from '../rollout/testing/in-memory-rollout.repository';
import { LeaderCommands } from './leader-commands';
import type { LeaseService } from './lease.service';
import { InMemoryClusterHub } from './testing-bus';

const alice: Principal = { username: 'alice', role: 'operator', via: 'jwt' };
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** Two replicas' rollout services on one database (repository) and one broker (hub); one lease between them. */
describe('rollouts on several replicas', () => {
  const clock = new FakeClock('2026-03-02T10:00:00.000Z');
  const hub = new InMemoryClusterHub();
  let fleet: FakeFleet;
  /** Shared, as the update history in the database is: either replica's inquiry sees the other's sends. */
  let dispatcher: FakeDispatcher & { outcomes$: Subject<CarOutcome> };
  let repository: InMemoryRolloutRepository;
  const replicas: {
    service: RolloutsService;
    lease: BehaviorSubject<boolean>;
    commands: LeaderCommands;
    scheduler: RolloutStartScheduler;
  }[] = [];

  async function replica(id: string, leader: boolean) {
    const lease = new BehaviorSubject(leader);
    const fakeLease = {
      get isLeader() {
        return lease.value;
      },
      leadership$: lease.asObservable(),
    } as unknown as LeaseService;
    const commands = new LeaderCommands(hub.busFor(id), fakeLease, id, {
      name: 'rollout-engine',
      ttlMs: 3000,
      cluster: true,
    });
    commands.onModuleInit();
    const scheduler = new RolloutStartScheduler(new SchedulerRegistry(), clock);
    const service = new RolloutsService(
      repository as unknown as TypeOrmRolloutRepository,
      dispatcher as unknown as UpdatesDispatcher,
      fleet as unknown as RegistryFleetView,
      clock,
      { changed: () => undefined } as unknown as RolloutProgressPublisher,
      scheduler,
      {
        changed: () => undefined,
        write: async () => undefined,
      } as unknown as RolloutCampaignMirror,
      fakeLease,
      commands,
    );
    await service.onApplicationBootstrap();
    const r = { service, lease, commands, scheduler };
    replicas.push(r);
    return r;
  }

  beforeEach(() => {
    fleet = new FakeFleet();
    dispatcher = Object.assign(new FakeDispatcher(), {
      outcomes$: new Subject<CarOutcome>(),
    });
    repository = new InMemoryRolloutRepository();
  });

  afterEach(() => {
    for (const r of replicas.splice(0)) {
      r.service.onModuleDestroy();
      r.scheduler.onModuleDestroy();
      r.commands.onModuleDestroy();
    }
  });

  it('a follower sends nothing itself: its writes run on the leader, its reads come from the database', async () => {
    fleet.addMany(2, { region: 'munich' });
    const a = await replica('a', true);
    const b = await replica('b', false);

    const created = await b.service.createStaged(
      { version: '1.2.4', regions: ['munich'], successWindowSeconds: 5 },
      alice,
    );
    expect(created.status).toBe('running');
    expect(dispatcher.updatedCarIds()).toHaveLength(2);
    expect((await b.service.get(created.id)).stages[0].counts.updating).toBe(2);
    expect(b.service.list().map((r) => r.id)).toEqual([created.id]);

    const paused = await b.service.pause(created.id, alice);
    expect(paused.status).toBe('paused');
    expect((await a.service.get(created.id)).status).toBe('paused');
    await expect(b.service.pause('nope', alice)).rejects.toMatchObject({
      status: 404,
    });

    // The follower's ticks and the dispatcher's outcomes do nothing there.
    clock.advance(10 * TICK_MS);
    await b.service.tick();
    expect(dispatcher.calls).toHaveLength(2);
  });

  it('the replica that becomes leader reloads from the database and finishes the rollout without sending twice', async () => {
    const cars = fleet.addMany(2, { region: 'munich' });
    const a = await replica('a', true);
    const b = await replica('b', false);
    const { id } = await a.service.createStaged(
      { version: '1.2.4', regions: ['munich'], successWindowSeconds: 2 },
      alice,
    );
    expect(dispatcher.calls).toHaveLength(2);

    // a's lease ran out (it died or lost the database); b took it.
    a.lease.next(false);
    b.lease.next(true);
    await settle();
    for (const car of cars) {
      const outcome = dispatcher.finish(car.id, 'succeeded');
      fleet.set(car.id, { version: '1.2.4' });
      dispatcher.outcomes$.next(outcome);
    }
    await settle();
    clock.advance(3 * TICK_MS);
    await b.service.tick();
    await a.service.tick();

    expect((await b.service.get(id)).status).toBe('completed');
    expect((await a.service.get(id)).status).toBe('completed');
    expect(dispatcher.updatedCarIds().sort()).toEqual(
      cars.map((c) => c.id).sort(),
    );
  });
});
