export const FIRST_RESTART_DELAY_MS = 1000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** Exit code of an agent whose name is taken by another live agent: restarting cannot help. */
export const EXIT_NAME_TAKEN = 3;
/**
 * Several replicas: a new leader's agent may meet the old leader's, still stopping (or orphaned by a killed
 * replica until its broker session ends), and is refused because the name is taken. It is tried again with the
 * restart backoff (1 s, 2 s, ... 30 s) this many times (about 2.5 minutes) before it is given up.
 */
export const NAME_TAKEN_RETRIES = 9;

/** 1 s, 2 s, 4 s, ... capped at 30 s; `recentRestarts` counts the restarts inside the window. */
export function restartDelayMs(recentRestarts: number): number {
  return Math.min(
    FIRST_RESTART_DELAY_MS * 2 ** Math.min(recentRestarts, 16),
    MAX_RESTART_DELAY_MS,
  );
}

export type RestartDecision =
  | { restart: true; delayMs: number }
  | { restart: false; reason: string };

export function decideRestart(
  exitCode: number | null,
  restartTimes: readonly number[],
  now: number,
  limit: number,
  windowMs: number,
): RestartDecision {
  if (exitCode === EXIT_NAME_TAKEN)
    return {
      restart: false,
      reason: 'its name is taken by another agent (exit code 3)',
    };
  const recent = restartTimes.filter((t) => now - t < windowMs).length;
  if (recent >= limit)
    return {
      restart: false,
      reason: `restart limit reached (${limit} in ${windowMs / 60_000} min)`,
    };
  return { restart: true, delayMs: restartDelayMs(recent) };
}

/** The wait before the next try of an agent refused `refusedBefore` times for a taken name; null: give up. */
export function nameTakenRetryDelayMs(refusedBefore: number): number | null {
  return refusedBefore >= NAME_TAKEN_RETRIES
    ? null
    : restartDelayMs(refusedBefore);
}
