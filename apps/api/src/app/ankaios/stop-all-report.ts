import type { Logger } from '@nestjs/common';
import { STOP_GRACE_MS, StopOutcome } from './agent-launcher';

/** How one agent's stop ended: on SIGTERM, after the SIGKILL, not even then, or there was nothing running. */
export type AgentStopOutcome = StopOutcome | 'stuck' | 'not running';

/** Cars named in a line of the report. */
const NAMED = 5;

/**
 * How the agents of a stop of all (the API's shutdown) ended, logged in one line per kind that names a few cars:
 * at 10,000 hosted cars a line per car was a flood of tens of thousands of lines.
 */
export class StopAllReport {
  private readonly killed: string[] = [];
  private readonly stuck: string[] = [];

  constructor(
    private readonly total: number,
    private readonly startedAt: number,
  ) {}

  /** The ends of a stop of all that the report stands for (anything else is still logged per car). */
  covers(code: number | null, signal: NodeJS.Signals | null): boolean {
    return code === 0 || signal === 'SIGTERM' || signal === 'SIGKILL';
  }

  record(carId: string, outcome: AgentStopOutcome): void {
    if (outcome === 'stuck') this.stuck.push(carId);
    else if (outcome === 'killed') this.killed.push(carId);
  }

  log(logger: Logger, now: number): void {
    const { total, killed, stuck } = this;
    logger.log(`stopped ${total} agent(s) in ${now - this.startedAt} ms`);
    if (killed.length > 0)
      logger.warn(
        `${killed.length} of ${total} agent(s) ignored SIGTERM for ${STOP_GRACE_MS} ms and were killed: ${someOf(killed)}`,
      );
    if (stuck.length > 0)
      logger.error(
        `${stuck.length} agent(s) did not exit after SIGKILL: ${someOf(stuck)}`,
      );
  }
}

function someOf(ids: string[]): string {
  const more = ids.length - NAMED;
  return ids.slice(0, NAMED).join(', ') + (more > 0 ? ` and ${more} more` : '');
}
