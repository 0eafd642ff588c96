import {
  ConflictException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Page, UpdateHistoryEntry } from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import type {
  UpdateFinished,
  UpdateRequest,
  UpdatesService,
} from '../../updates/updates.service';
import { historyEntity } from '../../../testing/factories';
import { FakeClock } from '../../../testing/fake-clock';
import { toHistoryEntry } from '../../updates/history-view';
import type { CarOutcome } from '../engine/ports';
import { UpdatesDispatcher, WATCH_TRUSTED_MS } from './updates-dispatcher';

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
  readonly finished$ = new Subject<UpdateFinished>();
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

  /** Finishes the car's latest entry and announces it, as the update runner does. */
  finish(carId: string, patch: Partial<UpdateHistoryEntry>): void {
    const [latest] = this.history.get(carId) ?? [];
    Object.assign(latest, { phase: 'finished', ...patch });
    this.finished$.next({
      carId,
      instance: latest.instance,
      entryId: latest.id,
      actor: latest.actor,
      outcome: {} as UpdateFinished['outcome'],
      entry: { ...latest },
    });
  }
}

let ids = 0;
/** A pending entry as the API answers it, from the stored-entry factory. */
function historyEntry(
  overrides: Partial<UpdateHistoryEntry>,
): UpdateHistoryEntry {
  ids++;
  const stored = historyEntity(`e${ids}`, {
    actor: 'rollout:r1',
    requestedAt: '2026-01-01T00:00:00.000Z',
  });
  return { ...toHistoryEntry(stored), ...overrides };
}

describe(UpdatesDispatcher.name, () => {
  let clock: FakeClock;
  let updates: FakeUpdates;
  let dispatcher: UpdatesDispatcher;
  let outcomes: CarOutcome[];

  beforeEach(() => {
    clock = new FakeClock();
    updates = new FakeUpdates();
    dispatcher = new UpdatesDispatcher(
      updates as unknown as UpdatesService,
      clock,
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

  it('reports the outcome as the updates module announces the finished entry, without reading the history', async () => {
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    const historyPage = jest.spyOn(updates, 'historyPage');
    updates.finish('c1', {
      result: 'succeeded',
      coaState: 200,
      messages: ['fleet:1.2.4 runs'],
    });
    expect(historyPage).not.toHaveBeenCalled();
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

  it('ignores finished entries of other sends and of cars it does not watch', async () => {
    await updates.request({
      carId: 'c2',
      version: '1.2.4',
      kind: 'update',
      actor: 'alice',
    });
    updates.finish('c2', { result: 'succeeded' });
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    updates.history.get('c1')?.unshift(
      historyEntry({
        actor: 'alice',
        requestedAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    updates.finish('c1', { result: 'failed' });
    expect(outcomes).toEqual([]);
  });

  it('answers about a send it watches from memory for a minute, then reads the history again', async () => {
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    const historyPage = jest.spyOn(updates, 'historyPage');
    const asked = { ...ctx, since: clock.nowIso() };
    // Finished without an event this process saw.
    Object.assign(updates.history.get('c1')?.[0] ?? {}, {
      phase: 'finished',
      result: 'succeeded',
    });

    expect(await dispatcher.inquire('c1', 'update', '1.2.4', asked)).toEqual({
      state: 'in-flight',
    });
    clock.advance(WATCH_TRUSTED_MS - 1);
    expect(await dispatcher.inquire('c1', 'update', '1.2.4', asked)).toEqual({
      state: 'in-flight',
    });
    expect(historyPage).not.toHaveBeenCalled();

    clock.advance(1);
    expect(await dispatcher.inquire('c1', 'update', '1.2.4', asked)).toEqual({
      state: 'finished',
      outcome: expect.objectContaining({ carId: 'c1', result: 'succeeded' }),
    });
    expect(historyPage).toHaveBeenCalledTimes(1);
  });

  it('reads the history about a send it does not watch: another send of the car, or one made before a restart', async () => {
    await dispatcher.dispatch('c1', '1.2.4', ctx);
    const historyPage = jest.spyOn(updates, 'historyPage');
    const restarted = new UpdatesDispatcher(
      updates as unknown as UpdatesService,
      clock,
    );
    const asked = { ...ctx, since: clock.nowIso() };

    expect(await restarted.inquire('c1', 'update', '1.2.4', asked)).toEqual({
      state: 'in-flight',
    });
    expect(
      await dispatcher.inquire('c1', 'update', '1.2.4', {
        ...asked,
        key: 'r1:c1:2',
      }),
    ).toEqual({ state: 'in-flight' });
    expect(historyPage).toHaveBeenCalledTimes(2);
    restarted.onModuleDestroy();
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
