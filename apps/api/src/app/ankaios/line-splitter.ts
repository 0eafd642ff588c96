import type { Readable } from 'node:stream';

const MAX_LINE = 4096;

/** Calls `onLine` for every line of `stream`; longer lines are cut so that a runaway writer cannot grow memory. */
export function forEachLine(
  stream: Readable | null,
  onLine: (line: string) => void,
): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
    if (pending.length > MAX_LINE) {
      emit(pending);
      pending = '';
    }
  });
  stream.on('end', () => pending && emit(pending));
  stream.on('error', () => undefined);

  function emit(line: string): void {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.length > 0)
      onLine(
        trimmed.length > MAX_LINE
          ? `${trimmed.slice(0, MAX_LINE)}...`
          : trimmed,
      );
  }
}
