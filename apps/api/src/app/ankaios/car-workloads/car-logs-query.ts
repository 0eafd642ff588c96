import { DEFAULT_LOG_TAIL } from '@fleet/shared/contracts';
import type { CarLogsQueryDto, LogLine } from '@fleet/shared/contracts';

/** The last `tail` lines stamped after `since`, oldest first (the workload filter is applied by the buffer). */
export function selectLogLines(
  lines: readonly LogLine[],
  query: Pick<CarLogsQueryDto, 'tail' | 'since'>,
): LogLine[] {
  const since = query.since === undefined ? null : Date.parse(query.since);
  const after =
    since === null
      ? lines
      : lines.filter((line) => Date.parse(line.at) > since);
  return after.slice(-(query.tail ?? DEFAULT_LOG_TAIL));
}
