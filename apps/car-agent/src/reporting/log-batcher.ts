import type { LogLevel, LogLine } from '@fleet/shared/contracts';
import type { Clock } from '../agent/clock';
import { Periodic } from './periodic';

export interface WorkloadLogEvent {
  workload: string;
  level: LogLevel;
  message: string;
}

export interface LogBatcherOptions {
  carId: string;
  clock: Clock;
  /** Answers false when the broker is away; the lines then stay buffered. */
  publish: (lines: LogLine[]) => boolean;
  capacity?: number;
  batchSize?: number;
  flushEveryMs?: number;
}

/** The workload name used for the agent's own notices in the log stream. */
export const AGENT_LOG_SOURCE = 'car-agent';

/** Buffers workload log lines; flushes every 250 ms or at 50 lines; drops the oldest when full. */
export class LogBatcher {
  private buffer: LogLine[] = [];
  private dropped = 0;
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly ticker: Periodic;

  constructor(private readonly options: LogBatcherOptions) {
    this.capacity = options.capacity ?? 1_000;
    this.batchSize = options.batchSize ?? 50;
    this.ticker = new Periodic(options.clock, options.flushEveryMs ?? 250, () => this.flush());
  }

  get droppedCount(): number {
    return this.dropped;
  }

  get size(): number {
    return this.buffer.length;
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  push(event: WorkloadLogEvent): void {
    this.buffer.push(this.line(event));
    if (this.buffer.length > this.capacity) {
      const excess = this.buffer.length - this.capacity;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.dropped > 0) {
      const notice = `dropped ${this.dropped} log lines while the broker was away`;
      if (!this.options.publish([this.line({ workload: AGENT_LOG_SOURCE, level: 'warn', message: notice })])) return;
      this.dropped = 0;
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.batchSize);
      if (!this.options.publish(batch)) return;
      this.buffer.splice(0, batch.length);
    }
  }

  private line(event: WorkloadLogEvent): LogLine {
    return { carId: this.options.carId, at: this.options.clock.now().toISOString(), ...event };
  }
}
