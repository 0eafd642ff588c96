import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import {
  findSendEntry,
  inquiryOf,
  outcomeOf,
  sendMarker,
} from './history-outcome';

const ctx = {
  rolloutId: 'r1',
  stage: 'munich',
  attempt: 1,
  key: 'r1:c1:1',
  actor: 'rollout:r1',
  since: '2026-03-02T10:00:00.000Z',
};

function entry(
  overrides: Partial<UpdateHistoryEntry> = {},
): UpdateHistoryEntry {
  return {
    id: 'e1',
    carId: 'c1',
    kind: 'update',
    fromVersion: '1.2.3',
    toVersion: '1.2.4',
    result: 'succeeded',
    phase: 'finished',
    actor: 'rollout:r1',
    requestedAt: '2026-03-02T10:00:00.100Z',
    finishedAt: '2026-03-02T10:00:02.000Z',
    instance: 'fleet-car-c1',
    instanceGeneration: 2,
    jobId: 'e1',
    coaState: 200,
    coaStateName: 'OK',
    components: {},
    plan: [],
    messages: [
      sendMarker(ctx),
      'update of c1 to 1.2.4 requested by rollout:r1',
      'fleet:1.2.4 runs on car-c1',
    ],
    ...overrides,
  };
}

describe(outcomeOf.name, () => {
  it('reads the result and the last message of an entry', () => {
    expect(outcomeOf(entry())).toEqual({
      carId: 'c1',
      operation: 'update',
      version: '1.2.4',
      result: 'succeeded',
      message: 'fleet:1.2.4 runs on car-c1',
    });
  });

  it('treats a refusal for driving like an interruption, and no answer as unreachable', () => {
    expect(outcomeOf(entry({ result: 'refused' })).result).toBe('interrupted');
    expect(
      outcomeOf(
        entry({ result: 'failed', coaState: CoaState.MqttApplyTimeout }),
      ).result,
    ).toBe('unreachable');
    expect(
      outcomeOf(entry({ result: 'failed', coaState: CoaState.InternalError }))
        .result,
    ).toBe('failed');
  });

  it('treats a request that never left the API (publish failed or timed out) as unreachable, not failed', () => {
    expect(
      outcomeOf(
        entry({ result: 'failed', coaState: FleetProviderState.NotSent }),
      ).result,
    ).toBe('unreachable');
  });
});

describe(findSendEntry.name, () => {
  it('finds the entry carrying the send marker', () => {
    const other = entry({ id: 'e0', messages: ['manual'], actor: 'alice' });
    expect(findSendEntry([other, entry()], 'update', '1.2.4', ctx)?.id).toBe(
      'e1',
    );
  });

  it('falls back to the newest entry the same actor asked for since the send (a resumed update)', () => {
    const resumed = entry({
      id: 'e2',
      messages: ['resumed: the car is parked again'],
      result: 'pending',
    });
    const older = entry({
      id: 'e0',
      messages: [],
      requestedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(
      findSendEntry([resumed, older], 'update', '1.2.4', {
        ...ctx,
        key: 'r1:c1:2',
      })?.id,
    ).toBe('e2');
    expect(
      findSendEntry([older], 'update', '1.2.4', { ...ctx, key: 'r1:c1:2' }),
    ).toBeUndefined();
  });
});

describe(inquiryOf.name, () => {
  it('says not-started without an entry, in-flight while pending, finished otherwise', () => {
    expect(inquiryOf(undefined)).toEqual({ state: 'not-started' });
    expect(inquiryOf(entry({ result: 'pending' }))).toEqual({
      state: 'in-flight',
    });
    expect(inquiryOf(entry()).state).toBe('finished');
  });
});
