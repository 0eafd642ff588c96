import {
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Principal } from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import { FakeClock } from '../../testing/fake-clock';
import type { RegistryFleetView } from './adapters/registry-fleet-view';
import type { UpdatesDispatcher } from './adapters/updates-dispatcher';
import type { CarOutcome } from './engine/ports';
import type { RolloutState } from './engine/records';
import type { TypeOrmRolloutRepository } from './persistence/typeorm-rollout.repository';
import type { RolloutProgressPublisher } from './rollout-progress.publisher';
import { RolloutStartScheduler } from './rollout-start.scheduler';
import { RolloutsService, TICK_MS } from './rollouts.service';
import type { RolloutCampaignMirror } from './symphony/campaign-mirror';
import { FakeDispatcher } from './testing/fake-dispatcher';
import { FakeFleet } from './testing/fake-fleet';
import { InMemoryRolloutRepository } from './testing/in-memory-rollout.repository';

function user(
  username: string,
  role: Principal['role'] = 'operator',
): Principal {
  return { username, role, via: 'jwt' };
}

describe(RolloutsService.name, () => {
  const clock = new FakeClock('2026-03-02T10:00:00.000Z');
  let fleet: FakeFleet;
  let dispatcher: FakeDispatcher & { outcomes$: Subject<CarOutcome> };
  let mirrored: string[];
  let service: RolloutsService;
  let scheduler: RolloutStartScheduler;
  let schedules: SchedulerRegistry;

  async function boot(
    repository = new InMemoryRolloutRepository(),
  ): Promise<RolloutsService> {
    schedules = new SchedulerRegistry();
    scheduler = new RolloutStartScheduler(schedules, clock);
    const mirror = {
      changed: () => undefined,
      write: async (s: RolloutState) => void mirrored.push(s.rollout.id),
    };
    service = new RolloutsService(
      repository as unknown as TypeOrmRolloutRepository,
      dispatcher as unknown as UpdatesDispatcher,
      fleet as unknown as RegistryFleetView,
      clock,
      { changed: () => undefined } as unknown as RolloutProgressPublisher,
      scheduler,
      mirror as unknown as RolloutCampaignMirror,
    );
    await service.onApplicationBootstrap();
    return service;
  }

  beforeEach(() => {
    fleet = new FakeFleet();
    dispatcher = Object.assign(new FakeDispatcher(), {
      outcomes$: new Subject<CarOutcome>(),
    });
    mirrored = [];
  });

  afterEach(() => {
    service.onModuleDestroy();
    scheduler.onModuleDestroy();
  });

  it("creates the seed's region-by-region rollout, started, with the success window as every stage's soak", async () => {
    fleet.addMany(2, { region: 'munich' });
    await boot();
    const view = await service.createStaged(
      {
        version: '1.2.4',
        regions: ['munich', 'berlin'],
        successWindowSeconds: 30,
      },
      user('alice'),
    );
    expect(view).toMatchObject({
      name: '1.2.4 to munich, berlin',
      status: 'running',
      createdBy: 'alice',
    });
    expect(
      view.stages.map((s) => [s.name, s.status, s.policy.soakSeconds]),
    ).toEqual([
      ['munich', 'running', 30],
      ['berlin', 'pending', 30],
    ]);
    expect(view.stages[0].counts.updating).toBe(2);
  });

  it('applies outcomes from the dispatcher and completes the rollout on its ticks', async () => {
    const [car] = fleet.addMany(1, { region: 'munich' });
    await boot();
    const { id } = await service.createStaged(
      { version: '1.2.4', regions: ['munich'], successWindowSeconds: 2 },
      user('alice'),
    );
    const outcome = dispatcher.finish(car.id, 'succeeded');
    fleet.set(car.id, { version: '1.2.4' });
    dispatcher.outcomes$.next(outcome);
    await new Promise((r) => setImmediate(r));
    clock.advance(2 * TICK_MS);
    await service.tick();
    expect((await service.get(id)).status).toBe('completed');
  });

  it('answers unknown rollouts with 404 and commands out of turn with 409', async () => {
    await boot();
    await expect(service.get('nope')).rejects.toBeInstanceOf(NotFoundException);
    const view = await service.create(
      { version: '1.2.4', stages: [{ selector: { region: 'munich' } }] },
      user('alice'),
    );
    expect(view.status).toBe('draft');
    await expect(service.pause(view.id, user('alice'))).rejects.toBeInstanceOf(
      ConflictException,
    );
    await expect(
      service.createStaged(
        { version: '9.9.9', regions: ['munich'] },
        user('alice'),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('lets only an admin freeze and revert', async () => {
    await boot();
    await expect(
      service.emergencyStop({ mode: 'freeze-and-revert' }, user('olga')),
    ).rejects.toBeInstanceOf(ForbiddenException);
    expect(
      await service.emergencyStop(
        { mode: 'freeze-and-revert' },
        user('ada', 'admin'),
      ),
    ).toEqual({ mode: 'freeze-and-revert', rollouts: [] });
    expect(
      (await service.emergencyStop({ mode: 'freeze' }, user('olga'))).mode,
    ).toBe('freeze');
  });

  it('rebuilds from the repository at boot: mirrors every rollout to Symphony and re-arms scheduled starts', async () => {
    const repository = new InMemoryRolloutRepository();
    await boot(repository);
    const { id } = await service.create(
      {
        version: '1.2.4',
        stages: [{ selector: { region: 'munich' } }],
        startAt: '2026-03-02T12:00:00.000Z',
      },
      user('alice'),
    );
    service.onModuleDestroy();
    scheduler.onModuleDestroy();
    mirrored = [];

    await boot(repository);
    expect(mirrored).toEqual([id]);
    expect((await service.get(id)).status).toBe('scheduled');
    expect(service.list('scheduled').map((r) => r.id)).toEqual([id]);
    expect(schedules.getTimeouts()).toEqual([`rollout-start-${id}`]);
  });
});
