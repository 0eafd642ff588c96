import {
  ConflictException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Page, UpdateHistoryEntry } from '@fleet/shared/contracts';
import { CarRegistry } from '../../cars/car-registry';
import type { Reconciler } from '../../symphony/reconcile/reconciler';
import type { UpdateHistoryEntity } from '../../updates/update-history.entity';
import type {
  UpdateRequest,
  UpdatesService,
} from '../../updates/updates.service';
import { FakeClock } from '../../../testing/fake-clock';
import type { CarOutcome } from '../engine/ports';
import { UpdatesDispatcher } from './updates-dispatcher';

const ctx = {
  rolloutId: 'r1',
  stage: 'munich',
  attempt: 1,
  key: 'r1:c1:1',
  actor: 'rollout:r1',
};

/** The updates module as the dispatcher uses it: requests become pending history entries the test finishes. */
class FakeUpdates {
  readonly requests: UpdateRequest[] = [];
  readonly resent: string[] = [];
  readonly history = new Map<string, UpdateHistoryEntry[]>();
  refuseWith: Error | null = null;

  async request(request: UpdateRequest): Promise<UpdateHistoryEntry> {
    if (this.refuseWith) throw this.refuseWith;
    this.requests.push(request);
    const entry = historyEntry({
      carId: request.carId,
      toVersion: request.version,
      kind: request.kind,
      actor: request.actor,
      messages: request.notes ?? [],
    });
    this.history.set(request.carId, [
      entry,
      ...(this.history.get(request.carId) ?? []),
    ]);
    return entry;
  }

  async historyPage(carId: string): Promise<Page<UpdateHistoryEntry>> {
    const items = this.history.get(carId) ?? [];
    return { items, total: items.length, page: 1, pageSize: 20 };
  }

  resend(entry: UpdateHistoryEntity): boolean {
    this.resent.push(entry.id);
    return true;
  }

  finish(carId: string, patch: Partial<UpdateHistoryEntry>): void {
    const [latest] = this.history.get(carId) ?? [];
    Object.assign(latest, { phase: 'finished', ...patch });
  }
}

let ids = 0;
function historyEntry(
  overrides: Partial<UpdateHistoryEntry>,
): UpdateHistoryEntry {
  ids++;
  return {
    id: `e${ids}`,
    carId: 'c1',
    kind: 'update',
    fromVersion: '1.2.3',
    toVersion: '1.2.4',
    result: 'pending',
    phase: 'queued',
    actor: 'rollout:r1',
    requestedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    instance: 'fleet-car-c1',
    instanceGeneration: 1,
    jobId: `e${ids}`,
    coaState: null,
    coaStateName: null,
    components: {},
    plan: [],
    messages: [],
    ...overrides,
  };
}

describe(UpdatesDispatcher.name, () => {
  let clock: FakeClock;
  let registry: CarRegistry;
  let updates: FakeUpdates;
  let running: boolean;
  let dispatcher: UpdatesDispatcher;
  let outcomes: CarOutcome[];

  beforeEach(() => {
    clock = new FakeClock();
    registry = new CarRegistry(clock);
    registry.add({
      id: 'c1',
      region: 'munich',
      model: 'atlas-sedan',
      vehicleState: 'parked',
      version: '1.2.3',
      createdAt: clock.nowIso(),
    });
    registry.applyStatus('c1', {
      name: 'c1',
      online: true,
      instanceId: 'i1',
      at: clock.nowIso(),
    });
    updates = new FakeUpdates();
    running = true;
    const reconciler = { isRunning: () => running } as unknown as Reconciler;
    dispatcher = new UpdatesDispatcher(
      updates as unknown as UpdatesService,
      registry,
      clock,
      reconciler,
    );
    outcomes = [];
    dispatcher.outcomes$.subscribe((o) => outcomes.push(o));
  });

  afterEach(() => dispatcher.onModuleDestroy());

  it('sends an update through the updates module with the send marker first in its history', async () => {
    expect(await dispatcher.dispatch('c1', '1.2.4', ctx)).toEqual({
      accepted: true,
    });
    expect(updates.requests).toEqual([
      {
        carId: 'c1',
        version: '1.2.4',
        kind: 'update',
        actor: 'rollout:r1',
        notes: ['rollout r1, stage munich, send r1:c1:1'],
      },
    ]);
  });

  it('reports the outcome once the car leaves updating', async () => {
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    registry.setUpdateState('c1', 'updating');
    updates.finish('c1', {
      result: 'succeeded',
      coaState: 200,
      messages: ['fleet:1.2.4 runs'],
    });
    registry.setUpdateState('c1', 'succeeded');
    await new Promise((r) => setImmediate(r));
    expect(outcomes).toEqual([
      {
        carId: 'c1',
        operation: 'update',
        version: '1.2.4',
        result: 'succeeded',
        message: 'fleet:1.2.4 runs',
      },
    ]);
  });

  it('turns refusals into skip, final or retryable answers', async () => {
    updates.refuseWith = new UnprocessableEntityException(
      'version 1.2.4 is not compatible with car c1',
    );
    expect(await dispatcher.dispatch('c1', '1.2.4', ctx)).toEqual({
      accepted: false,
      reason: 'version 1.2.4 is not compatible with car c1',
      retryable: false,
      skip: true,
    });
    updates.refuseWith = new NotFoundException('version 9.9.9 not found');
    expect(await dispatcher.dispatch('c1', '9.9.9', ctx)).toMatchObject({
      accepted: false,
      retryable: false,
    });
    updates.refuseWith = new ConflictException(
      'car c1 is driving; updates apply only while parked',
    );
    expect(await dispatcher.dispatch('c1', '1.2.4', ctx)).toMatchObject({
      accepted: false,
      retryable: true,
    });
  });

  it('takes over the same update when the update store already resumed it', async () => {
    updates.history.set('c1', [
      historyEntry({ messages: ['resumed: the car is parked again'] }),
    ]);
    updates.refuseWith = new ConflictException(
      'car c1 has an update in flight; wait until it finishes',
    );
    expect(
      await dispatcher.dispatch('c1', '1.2.4', {
        ...ctx,
        key: 'r1:c1:2',
        attempt: 2,
      }),
    ).toEqual({ accepted: true });
  });

  it('refuses a rollback without a version to return to', async () => {
    expect(await dispatcher.rollback('c1', null, ctx)).toMatchObject({
      accepted: false,
      retryable: false,
    });
  });

  it('sends an orphaned pending entry again, as the same job, once it stayed orphaned', async () => {
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    running = false;
    const asked = { ...ctx, since: clock.nowIso() };
    expect(await dispatcher.inquire('c1', 'update', '1.2.4', asked)).toEqual({
      state: 'in-flight',
    });
    clock.advance(10_000);
    await dispatcher.inquire('c1', 'update', '1.2.4', asked);
    expect(updates.resent).toEqual([updates.history.get('c1')?.[0].id]);
  });

  it('says not-started for a send the updates module never recorded', async () => {
    expect(
      await dispatcher.inquire('c1', 'update', '1.2.4', {
        ...ctx,
        since: clock.nowIso(),
      }),
    ).toEqual({ state: 'not-started' });
  });
});
