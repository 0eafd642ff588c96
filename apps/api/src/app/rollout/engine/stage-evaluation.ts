import type { StagePolicy } from '@fleet/shared/contracts';
import type { CarRecord } from './records';

export interface StageTally {
  total: number;
  /** Not skipped, cancelled or given up as unreachable: the base of the thresholds. */
  counted: number;
  succeeded: number;
  failed: number;
  /** Counted cars without a final result yet (soaking ones included). */
  open: number;
  /** Installed, still in their soak window: a result, though not yet a success. */
  soaking: number;
  unreachable: number;
}

export type Verdict =
  | { kind: 'open' }
  | { kind: 'succeeded'; reason: string }
  | { kind: 'failed'; reason: string }
  /** Nothing could be updated although there were cars: a person decides. */
  | { kind: 'inconclusive'; reason: string };

export function tally(cars: readonly CarRecord[]): StageTally {
  const t: StageTally = {
    total: cars.length,
    counted: 0,
    succeeded: 0,
    failed: 0,
    open: 0,
    soaking: 0,
    unreachable: 0,
  };
  for (const car of cars) {
    if (car.bucket === 'unreachable' && car.finished) t.unreachable++;
    else if (car.bucket === 'succeeded') t.succeeded++;
    else if (car.bucket === 'failed') t.failed++;
    else if (!car.finished) t.open++;
    if (car.bucket === 'soaking') t.soaking++;
  }
  t.counted = t.succeeded + t.failed + t.open;
  return t;
}

/**
 * The thresholds: fail early past the error rate among cars with a result (soaking ones count as results, or
 * quick failures would outweigh slow successes) once the minimum sample is reached, or once success is out of reach.
 */
export function judge(t: StageTally, policy: StagePolicy): Verdict {
  const results = t.succeeded + t.soaking + t.failed;
  if (
    results >= policy.errorMinSample &&
    t.failed * 100 > policy.errorThresholdPct * results
  )
    return {
      kind: 'failed',
      reason: `${t.failed} of ${results} cars with a result failed (error threshold ${policy.errorThresholdPct}%)`,
    };
  if (
    t.counted > 0 &&
    (t.succeeded + t.open) * 100 < policy.successThresholdPct * t.counted
  )
    return {
      kind: 'failed',
      reason: `at most ${t.succeeded + t.open} of ${t.counted} cars can still succeed (success threshold ${policy.successThresholdPct}%)`,
    };
  if (t.open > 0) return { kind: 'open' };
  if (t.counted === 0)
    return t.unreachable > 0
      ? {
          kind: 'inconclusive',
          reason: `no car could be updated: ${t.unreachable} unreachable`,
        }
      : { kind: 'succeeded', reason: `no car to update (${t.total} skipped)` };
  return {
    kind: 'succeeded',
    reason: `${t.succeeded} of ${t.counted} cars succeeded${t.unreachable ? `, ${t.unreachable} unreachable` : ''}`,
  };
}

/** Exponential backoff without jitter (the engine stays deterministic), capped at 15 minutes. */
export function retryDelayMs(policy: StagePolicy, failures: number): number {
  return Math.min(
    policy.retryBackoffSeconds * 1000 * 2 ** Math.max(0, failures - 1),
    15 * 60_000,
  );
}
