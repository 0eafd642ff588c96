import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { LogLine } from '@fleet/shared/contracts';
import { Subject, Subscription } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { Ring } from './ring';

export const LOG_LINES_PER_CAR = 1000;

export interface LogBatch {
  carId: string;
  lines: LogLine[];
}

/** The last lines of every known car's log, in memory, and the stream of new batches. */
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
    let kept = this.lines.get(carId);
    if (!kept) this.lines.set(carId, (kept = new Ring(LOG_LINES_PER_CAR)));
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
