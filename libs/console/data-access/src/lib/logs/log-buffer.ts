import type { LogLine } from '@fleet/shared/contracts';

/** The most lines a log view keeps; older lines fall off the front. */
export const MAX_LOG_LINES = 1000;

export function appendBounded<T>(buffer: readonly T[], lines: readonly T[], max: number): T[] {
  if (max <= 0) return [];
  const merged = [...buffer, ...lines];
  return merged.length > max ? merged.slice(-max) : merged;
}

const keyOf = (line: LogLine) => `${line.at}|${line.workload}|${line.message}`;

/**
 * Appends lines not already in the buffer: the gateway answers a subscription with the lines it
 * keeps, which overlap the REST tail.
 */
export function appendNew(buffer: readonly LogLine[], lines: readonly LogLine[], max: number): readonly LogLine[] {
  const known = new Set(buffer.map(keyOf));
  const fresh = lines.filter((line) => !known.has(keyOf(line)));
  return fresh.length === 0 ? buffer : appendBounded(buffer, fresh, max);
}

/** History from the REST tail, followed by live lines newer than it that arrived before it did. */
export function mergeHistory(history: readonly LogLine[], live: readonly LogLine[], max: number): readonly LogLine[] {
  const last = lastAt(history);
  const newer = last === undefined ? live : live.filter((line) => line.at > last);
  return appendNew(history, newer, max);
}

export function lastAt(lines: readonly LogLine[]): string | undefined {
  return lines[lines.length - 1]?.at;
}
