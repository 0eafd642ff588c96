import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { LogLine } from '@fleet/shared/contracts';
import { Subject, Subscription } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { Ring } from './ring';

/** The most lines kept of one car's log. */
export const LOG_LINES_PER_CAR = 1000;
/**
 * The most lines kept over the whole fleet (~250 MB at ~250 bytes a parsed line) while each car keeps at least
 * LOG_LINES_MIN_PER_CAR: 1,000 lines for each of 10,000 cars would be ~2.5 GB after enough updates.
 */
export const LOG_LINES_FLEET = 1_000_000;
export const LOG_LINES_MIN_PER_CAR = 100;

/** Lines kept per car with `cars` cars known: the fleet budget shared out, within the per-car bounds. */
export const logLinesPerCar = (cars: number): number =>
  Math.max(
    LOG_LINES_MIN_PER_CAR,
    Math.min(
      LOG_LINES_PER_CAR,
      Math.floor(LOG_LINES_FLEET / Math.max(1, cars)),
    ),
  );

export interface LogBatch {
  carId: string;
  lines: LogLine[];
}

/**
 * The last lines of every known car's log, in memory, and the stream of new batches. A car keeps up to
 * `logLinesPerCar(cars known)`: as the fleet grows, a car's log shrinks to its share at its next batch.
 */
@Injectable()
export class CarLogsService implements OnModuleInit, OnModuleDestroy {
  private readonly lines = new Map<string, Ring<LogLine>>();
  private subscription: Subscription | null = null;
  readonly batches$ = new Subject<LogBatch>();

  constructor(private readonly registry: CarRegistry) {}

  onModuleInit(): void {
    this.subscription = this.registry.changes$.subscribe((change) => {
      if (change.kind === 'removed') this.lines.delete(change.id);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** False for a car the registry does not know (its lines are not kept). */
  append(carId: string, batch: LogLine[]): boolean {
    if (!this.registry.has(carId)) return false;
    const capacity = logLinesPerCar(this.registry.size);
    let kept = this.lines.get(carId);
    if (!kept) this.lines.set(carId, (kept = new Ring(capacity)));
    else kept.shrink(capacity);
    kept.push(batch);
    this.batches$.next({ carId, lines: batch });
    return true;
  }

  recent(carId: string, workload?: string): LogLine[] {
    const lines = this.lines.get(carId)?.toArray() ?? [];
    return workload === undefined
      ? lines
      : lines.filter((line) => line.workload === workload);
  }
}
