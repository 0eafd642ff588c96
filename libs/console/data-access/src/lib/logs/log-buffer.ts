import type { LogLine } from '@fleet/shared/contracts';

/** The most lines a log view keeps; older lines fall off the front. */
export const MAX_LOG_LINES = 1000;

export function appendBounded<T>(buffer: readonly T[], lines: readonly T[], max: number): T[] {
  if (max <= 0) return [];
  const merged = [...buffer, ...lines];
  return merged.length > max ? merged.slice(-max) : merged;
}

/** History from the REST tail, followed by live lines newer than it that arrived before it did. */
export function mergeHistory(history: readonly LogLine[], live: readonly LogLine[], max: number): LogLine[] {
  const last = lastAt(history);
  const newer = last === undefined ? live : live.filter((line) => line.at > last);
  return appendBounded(history, newer, max);
}

export function lastAt(lines: readonly LogLine[]): string | undefined {
  return lines[lines.length - 1]?.at;
}
