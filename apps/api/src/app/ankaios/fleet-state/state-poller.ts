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
import { FleetStateMirror } from './fleet-state.mirror';

export const POLL_INTERVAL_MS = 30_000;
export const POLL_TICK_MS = 1000;
/** A car's desired state is asked again on demand at most this often (reports can name new instances in bursts). */
export const REFRESH_MIN_GAP_MS = 5_000;
/** State requests open at once, fleet-wide. */
export const MAX_POLLS_IN_FLIGHT = 16;
/** Timing entries of removed cars are dropped every this many ticks. */
const PRUNE_EVERY_TICKS = 30;

/**
 * The seed's "backend polling": every connected car is asked for its whole state (`vehicle/<id>/state/req`)
 * about every 30 s, so a lost report heals by itself and the desired state is known. Each car keeps its own
 * phase (per-car offsets spread cars that connected together), at most 16 requests are open at once (a freed
 * slot takes the next due car at once), each waits at most 10 s (the client's timeout), and a car that just
 * (re)connected or was just changed is asked at the next tick. Several replicas: only the lease holder asks;
 * the others keep their mirror from the reports every replica receives (and start asking if they lead).
 */
@Injectable()
export class StatePoller implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StatePoller.name);
  private readonly nextAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly failing = new Set<string>();
  private readonly refreshedAt = new Map<string, number>();
  /** Due cars, earliest first, taken (from `dueHead` on) whenever a request slot frees up; rebuilt every tick. */
  private due: string[] = [];
  private dueHead = 0;
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
    this.nextAt.set(carId, this.now());
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
      this.due = [];
      this.dueHead = 0;
      return;
    }
    const now = this.now();
    if (++this.ticks % PRUNE_EVERY_TICKS === 0) this.prune();
    // One pass over the connected cars, keeping only the due ones: at 10,000 cars the tick used to build and
    // sort arrays of the whole fleet every second (a stall of up to ~100 ms on the API's one thread).
    const due: { id: string; at: number }[] = [];
    for (const id of this.mirror.connectedIds()) {
      if (this.inFlight.has(id)) continue;
      const at = this.dueAt(id, now);
      if (at <= now) due.push({ id, at });
    }
    due.sort((a, b) => a.at - b.at);
    this.due = due.map((car) => car.id);
    this.dueHead = 0;
    this.fill();
  }

  /** Forgets the timing of cars the mirror no longer holds. */
  private prune(): void {
    for (const id of this.nextAt.keys())
      if (!this.mirror.has(id)) this.nextAt.delete(id);
    for (const id of this.refreshedAt.keys())
      if (!this.mirror.has(id)) this.refreshedAt.delete(id);
  }

  private fill(): void {
    if (!this.polls) return;
    while (
      this.inFlight.size < MAX_POLLS_IN_FLIGHT &&
      this.dueHead < this.due.length
    ) {
      const id = this.due[this.dueHead++];
      if (!this.inFlight.has(id) && this.mirror.isConnected(id))
        this.poll(id, this.now());
    }
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
          this.nextAt.set(
            carId,
            this.now() + POLL_INTERVAL_MS + driftOf(carId),
          );
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

/** A stable extra wait in [0, interval / 10) per car, so that cars asked together drift apart cycle by cycle. */
export function driftOf(carId: string): number {
  return hashOf(carId) % (POLL_INTERVAL_MS / 10);
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
