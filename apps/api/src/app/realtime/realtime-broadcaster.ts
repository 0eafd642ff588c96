import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { CarChange, CarRegistry } from '../cars/car-registry';
import { Clock, TimerHandle } from '../common/clock';
import { CarChangeBuffer } from './car-change-buffer';
import { CarLogsService, LogBatch } from './car-logs.service';
import { FleetTally } from './fleet-summary';
import { LoadThinning } from './load-thinning';
import { logRoom } from './log-rooms';
import { RealtimeGateway } from './realtime.gateway';

/**
 * The regular cadence of cars.changed: telemetry and load (routine changes) wait up to this long. At 10,000 cars
 * there are routine changes in every window, so a flush per window is what a client receives at rest.
 */
export const CHANGES_FLUSH_MS = 50;
/**
 * An urgent change (vehicle state, connection, update state, version, workloads: see ChangeWeight) goes out this
 * soon, with whatever else is buffered, instead of waiting for the next regular flush: the wait added directly to
 * the "car state change → WebSocket client" latency (0-50 ms, about 25 ms of a ~32 ms median at 10,000
 * cars). Bounded: at most one such flush per URGENT_FLUSH_MS, so at most ~120 cars.changed a second in all.
 */
export const URGENT_FLUSH_MS = 10;
export const SUMMARY_INTERVAL_MS = 1000;

/**
 * Turns the registry's stream of single changes into few events: one `cars.changed` and one
 * `cars.removed` per CHANGES_FLUSH_MS at most, one `fleet.summary` per second at most, only when one of its
 * counts changed (FleetTally).
 * Load-only changes of a car are thinned to one per 10 s (LoadThinning).
 */
@Injectable()
export class RealtimeBroadcaster implements OnModuleInit, OnModuleDestroy {
  private readonly buffer = new CarChangeBuffer();
  private readonly thinning = new LoadThinning();
  private readonly subscriptions = new Subscription();
  private readonly timers: TimerHandle[] = [];
  private readonly tally = new FleetTally();
  /** The tally's revision the last fleet.summary showed. */
  private sentRevision = 0;
  private urgentFlush: TimerHandle | null = null;

  constructor(
    private readonly registry: CarRegistry,
    private readonly logs: CarLogsService,
    private readonly gateway: RealtimeGateway,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The cars already loaded are counted, not announced: a summary goes out after the first change.
    for (const car of this.registry.all()) this.tally.set(car);
    this.sentRevision = this.tally.revision;
    this.subscriptions.add(
      this.registry.changes$.subscribe((change) => this.record(change)),
    );
    this.subscriptions.add(
      this.logs.batches$.subscribe((batch) => this.sendLogs(batch)),
    );
    this.timers.push(
      this.clock.setInterval(() => this.flushChanges(), CHANGES_FLUSH_MS),
      this.clock.setInterval(() => this.flushSummary(), SUMMARY_INTERVAL_MS),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    this.timers.forEach((timer) => this.clock.clearInterval(timer));
    if (this.urgentFlush) this.clock.clearTimeout(this.urgentFlush);
    this.urgentFlush = null;
  }

  record(change: CarChange): void {
    if (change.kind === 'changed') this.tally.set(change.car);
    else this.tally.remove(change.id);
    const weight =
      change.kind === 'changed'
        ? this.thinning.weigh(change.car, this.clock.now().getTime())
        : 'urgent';
    if (weight === 'skip') return;
    if (change.kind === 'removed') this.thinning.forget(change.id);
    const full =
      change.kind === 'changed'
        ? this.buffer.change(change.car)
        : this.buffer.remove(change.id);
    if (full) this.flushChanges();
    else if (weight === 'urgent' && !this.urgentFlush)
      this.urgentFlush = this.clock.setTimeout(() => {
        this.urgentFlush = null;
        this.flushChanges();
      }, URGENT_FLUSH_MS);
  }

  flushChanges(): void {
    if (this.buffer.empty) return;
    const { changed, removed } = this.buffer.drain();
    if (removed.length > 0) this.gateway.send('cars.removed', { ids: removed });
    if (changed.length > 0)
      this.gateway.send('cars.changed', { cars: changed });
  }

  flushSummary(): void {
    if (this.tally.revision === this.sentRevision) return;
    this.sentRevision = this.tally.revision;
    this.gateway.send('fleet.summary', this.tally.summary());
  }

  private sendLogs({ carId, lines }: LogBatch): void {
    this.gateway.send('car.logs', { carId, lines }, logRoom(carId));
    const workloads = new Set(lines.map((line) => line.workload));
    for (const workload of workloads) {
      this.gateway.send(
        'car.logs',
        { carId, lines: lines.filter((l) => l.workload === workload) },
        logRoom(carId, workload),
      );
    }
  }
}
