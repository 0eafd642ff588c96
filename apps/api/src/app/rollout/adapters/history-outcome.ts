import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import type { CarInquiry, CarOutcome, DispatchContext } from '../engine/ports';
import type { CarOperation } from '../engine/records';

/** Written first into the history entry of every send, so that the entry can be found again after a restart. */
export function sendMarker(
  ctx: Pick<DispatchContext, 'rolloutId' | 'stage' | 'key'>,
): string {
  return `rollout ${ctx.rolloutId}, stage ${ctx.stage}, send ${ctx.key}`;
}

/** The car never answered, or never got the request: retried, then given up as unreachable; never a failure. */
const NO_ANSWER: readonly number[] = [
  CoaState.MqttApplyTimeout,
  CoaState.TimedOut,
  FleetProviderState.NotSent,
];

/** What a finished history entry means to a rollout. `refused` (the car drove off first) waits like an interruption. */
export function outcomeOf(entry: UpdateHistoryEntry): CarOutcome {
  const operation: CarOperation = entry.kind;
  const message = entry.messages[entry.messages.length - 1] ?? entry.result;
  const base = {
    carId: entry.carId,
    operation,
    version: entry.toVersion,
    message,
  };
  switch (entry.result) {
    case 'succeeded':
      return { ...base, result: 'succeeded' };
    case 'interrupted':
    case 'refused':
      return { ...base, result: 'interrupted' };
    default:
      return {
        ...base,
        result:
          entry.coaState !== null && NO_ANSWER.includes(entry.coaState)
            ? 'unreachable'
            : 'failed',
      };
  }
}

/** Late-found entries (resumed after a park or a restart) may start a little before the send was recorded. */
const GRACE_MS = 60_000;

/**
 * The history entry of a send: the one carrying its marker, else the newest one the same actor asked for with the
 * same kind and version since the send (the update store resumes interrupted updates with new entries).
 */
export function findSendEntry(
  entries: readonly UpdateHistoryEntry[],
  operation: CarOperation,
  version: string,
  ctx: DispatchContext & { since: string },
): UpdateHistoryEntry | undefined {
  const marker = sendMarker(ctx);
  const marked = entries.find((e) => e.messages.includes(marker));
  if (marked) return marked;
  const since = Date.parse(ctx.since) - GRACE_MS;
  return entries.find(
    (e) =>
      e.kind === operation &&
      e.toVersion === version &&
      e.actor === ctx.actor &&
      Date.parse(e.requestedAt) >= since,
  );
}

export function inquiryOf(entry: UpdateHistoryEntry | undefined): CarInquiry {
  if (!entry) return { state: 'not-started' };
  if (entry.result === 'pending') return { state: 'in-flight' };
  return { state: 'finished', outcome: outcomeOf(entry) };
}
