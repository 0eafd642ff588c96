import {
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { LeaseService } from '../../cluster/lease.service';
import { Clock, TimerHandle } from '../../common/clock';
import { FleetConnectorClient } from '../fleet-connector/fleet-connector.client';
import { DueQueue } from './due-queue';
import { FleetStateMirror } from './fleet-state.mirror';

export const POLL_INTERVAL_MS = 30_000;
export const POLL_TICK_MS = 1000;
/** A car's desired state is asked again on demand at most this often (reports can name new instances in bursts). */
export const REFRESH_MIN_GAP_MS = 5_000;
/** State requests open at once, fleet-wide. */
export const MAX_POLLS_IN_FLIGHT = 16;
/**
 * Every this many ticks the timing entries of removed cars are dropped and the due queue is built again from the
 * connected cars (a car that connected without a hello joins it then; a hello queues it at once).
 */
export const RESCAN_EVERY_TICKS = 30;

/**
 * The seed's "backend polling": every connected car is asked for its whole state (`vehicle/<id>/state/req`)
 * every 30 s, so a lost report heals by itself and the desired state is known. Each car keeps its own slot of
 * the cycle (a per-car phase, kept after every poll, spreads cars that connected together), at most 16 requests
 * are open at once (a freed slot takes the next due car at once), each waits at most 10 s (the client's
 * timeout), and a car that just (re)connected or was just changed is asked at the next tick. A tick takes the due cars from a queue ordered by
 * time: it walked every connected car each second (10,000 at a time), and now walks the fleet only every
 * RESCAN_EVERY_TICKS. Several replicas: only the lease holder asks; the others keep their mirror from the reports
 * every replica receives (and start asking, from a fresh scan, if they lead).
 */
@Injectable()
export class StatePoller implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StatePoller.name);
  private readonly nextAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly failing = new Set<string>();
  private readonly refreshedAt = new Map<string, number>();
  /** Cars by due time; an entry whose time is no longer the car's `nextAt` is stale and skipped. Leader only. */
  private readonly queue = new DueQueue();
  /** The time of the last tick: a freed slot takes cars due by then, as the tick itself does. */
  private tickAt = Number.NEGATIVE_INFINITY;
  /** Whether the last tick asked cars; false at first, so the first tick (or the first as leader) scans. */
  private polling = false;
  private ticks = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly mirror: FleetStateMirror,
    private readonly client: FleetConnectorClient,
    private readonly clock: Clock,
    /** Absent (unit tests, a single replica without cluster wiring): this process always polls. */
    @Optional() private readonly lease?: LeaseService,
  ) {}

  /** Whether this replica asks the cars: the only replica, or the holder of the engine lease. */
  get polls(): boolean {
    return !this.lease || this.lease.isLeader;
  }

  onModuleInit(): void {
    this.timer = this.clock.setInterval(() => this.tick(), POLL_TICK_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) this.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks the car at the next tick (after a hello, an applied manifest, ...). */
  pollSoon(carId: string): void {
    this.schedule(carId, this.now());
  }

  /** `pollSoon`, debounced per car: for reports that show the desired state changed (new workload instances). */
  refreshSoon(carId: string): boolean {
    const now = this.now();
    const last = this.refreshedAt.get(carId);
    if (last !== undefined && now - last < REFRESH_MIN_GAP_MS) return false;
    this.refreshedAt.set(carId, now);
    if (!this.inFlight.has(carId)) this.pollSoon(carId);
    return true;
  }

  get pollsInFlight(): number {
    return this.inFlight.size;
  }

  tick(): void {
    if (!this.polls) {
      this.polling = false;
      this.queue.clear();
      return;
    }
    const now = this.now();
    if (!this.polling || ++this.ticks % RESCAN_EVERY_TICKS === 0) {
      this.prune();
      this.rescan(now);
    }
    this.polling = true;
    this.tickAt = now;
    this.fill();
  }

  /** The due queue built again from every connected car (a car first seen gets its own phase). */
  private rescan(now: number): void {
    this.queue.clear();
    for (const id of this.mirror.connectedIds())
      if (!this.inFlight.has(id)) this.queue.push(id, this.dueAt(id, now));
  }

  /** Forgets the timing of cars the mirror no longer holds. */
  private prune(): void {
    for (const id of this.nextAt.keys())
      if (!this.mirror.has(id)) this.nextAt.delete(id);
    for (const id of this.refreshedAt.keys())
      if (!this.mirror.has(id)) this.refreshedAt.delete(id);
  }

  /** Asks due cars, earliest first, while request slots are free. */
  private fill(): void {
    if (!this.polls) return;
    while (this.inFlight.size < MAX_POLLS_IN_FLIGHT) {
      const due = this.queue.popDue(this.tickAt);
      if (!due) return;
      // Stale (the car got another time since), asked already, or gone: its hello or the next scan queues it.
      if (this.nextAt.get(due.id) !== due.at) continue;
      if (this.inFlight.has(due.id) || !this.mirror.isConnected(due.id))
        continue;
      this.poll(due.id, this.now());
    }
  }

  private schedule(carId: string, at: number): void {
    this.nextAt.set(carId, at);
    // A follower only remembers the time; the scan when it takes the lease queues it.
    if (this.polling) this.queue.push(carId, at);
  }

  private dueAt(carId: string, now: number): number {
    let at = this.nextAt.get(carId);
    if (at === undefined) {
      at = now + phaseOf(carId);
      this.nextAt.set(carId, at);
    }
    return at;
  }

  private poll(carId: string, sentAt: number): void {
    this.inFlight.add(carId);
    this.client
      .requestState(carId)
      .then((answer) => {
        if (answer.error)
          this.logger.warn(
            `car=${carId} state request refused: ${answer.error}`,
          );
        else this.mirror.applyStateAnswer(carId, answer, sentAt);
        this.recovered(carId);
      })
      .catch((error: Error) => this.failed(carId, error))
      .finally(() => {
        this.inFlight.delete(carId);
        if (this.mirror.has(carId))
          this.schedule(carId, nextPollAt(carId, this.now()));
        this.fill();
      });
  }

  private failed(carId: string, error: Error): void {
    // One warning per streak of failures, not one every 30 s.
    if (this.failing.has(carId)) return;
    this.failing.add(carId);
    this.logger.warn(`car=${carId} state poll failed: ${error.message}`);
  }

  private recovered(carId: string): void {
    if (this.failing.delete(carId))
      this.logger.log(`car=${carId} answers state requests again`);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** A stable offset in [0, interval) per car, so that cars first seen at the same moment are not asked together. */
export function phaseOf(carId: string): number {
  return hashOf(carId) % POLL_INTERVAL_MS;
}

/**
 * A car's next regular poll after one that ended at `now`: the car's own slot of the cycle (`phaseOf` past a
 * multiple of the interval), at least half an interval away, so every 30 s once it is in step. Cars asked together
 * (all of them say hello when they reconnect after a broker restart) spread over the cycle from their second poll
 * on. Before, each car was asked again 30 s after its last answer plus a drift of up to 3 s: 10,000 cars that
 * reconnected together were asked in a burst every 30 s, and took about ten cycles to drift apart.
 */
export function nextPollAt(carId: string, now: number): number {
  let at = now - (now % POLL_INTERVAL_MS) + phaseOf(carId);
  while (at < now + POLL_INTERVAL_MS / 2) at += POLL_INTERVAL_MS;
  return at;
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
