import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import type { CarConnection } from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { FleetMetrics } from '../metrics/fleet-metrics';
import { acceptCarMessage } from '../mqtt/accept-car-message';
import { MqttPublisher } from '../mqtt/mqtt-publisher';
import { isOwnStatus } from '../mqtt/payload-guards';
import { CarRegistry } from './car-registry';

/** A car's retained status is read at most this often. */
export const STATUS_REFRESH_EVERY_MS = 30_000;
/** Cars waiting for a read at most (beyond, a car waits for its next message after the interval). */
export const STATUS_REFRESH_MAX_PENDING = 10_000;
/** Topics in one SUBSCRIBE at most. */
export const STATUS_REFRESH_BATCH = 500;
/** How long a read waits for the broker's retained copies. */
export const STATUS_REFRESH_WAIT_MS = 2_000;
/**
 * How long a car waits before its read, and is read only if still not online then. A car's reports can overtake
 * its status on the way (different topics; the embedded broker delivers each subscription on its own): without
 * the wait, half the demo fleet was read at every start, to find the status already applied.
 */
export const STATUS_REFRESH_DELAY_MS = 1_000;

const REFRESHED: ReadonlySet<CarConnection> = new Set(['starting', 'offline']);

/**
 * A car that reports while the API does not have it online lost its status message on the way: a broker drops
 * QoS 1 messages for a client whose queue is full (Mosquitto's `max_queued_messages`, 1,000 by default; 5,038
 * of 10,000 cars came online in a bench setup with it) and a car publishes its retained `online` once per
 * connection. Such a car's status is read again from the broker's retained copy, the authority on it (the car's
 * `online` or its last will), at most every STATUS_REFRESH_EVERY_MS, in batches, and applied as a status message.
 */
@Injectable()
export class CarStatusRefresh implements OnModuleDestroy {
  private readonly logger = new Logger(CarStatusRefresh.name);
  private readonly askedAt = new Map<string, number>();
  private readonly pending = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  /** Cars asked for, cars read (still not online after the delay) and retained statuses applied (tests). */
  asked = 0;
  read = 0;
  applied = 0;
  /** STATUS_REFRESH_DELAY_MS; tests set it to 0. */
  delayMs = STATUS_REFRESH_DELAY_MS;

  constructor(
    private readonly publisher: MqttPublisher,
    private readonly registry: CarRegistry,
    private readonly clock: Clock,
    private readonly metrics: FleetMetrics,
  ) {}

  onModuleDestroy(): void {
    this.closed = true;
    this.pending.clear();
  }

  /** A message from a known car: reads its retained status when the registry does not show it online. */
  messageFrom(carId: string): void {
    const car = this.registry.get(carId);
    // Starting or offline only: a crashed or stopped agent's process is gone (the supervisor saw it exit), and
    // a message it sent before is no news; its retained "online" may not yet be replaced by its last will.
    if (!car || !REFRESHED.has(car.connection) || this.closed) return;
    const now = this.clock.now().getTime();
    const last = this.askedAt.get(carId);
    if (last !== undefined && now - last < STATUS_REFRESH_EVERY_MS) return;
    if (this.pending.size >= STATUS_REFRESH_MAX_PENDING) return;
    this.askedAt.set(carId, now);
    this.pending.add(carId);
    this.asked++;
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Settles once every read asked for so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.closed) {
      // The messages of one burst go into one SUBSCRIBE, and a status that was only late arrives meanwhile.
      await new Promise((resolve) => setTimeout(resolve, this.delayMs).unref());
      const batch: string[] = [];
      for (const id of this.pending) {
        if (batch.length >= STATUS_REFRESH_BATCH) break;
        this.pending.delete(id);
        const connection = this.registry.get(id)?.connection;
        if (connection && REFRESHED.has(connection)) batch.push(id);
        else this.askedAt.delete(id);
      }
      // Once per batch, not per message: the map holds only the cars asked within the interval.
      this.forgetOld(this.clock.now().getTime());
      if (batch.length === 0) continue;
      this.read += batch.length;
      try {
        await this.publisher.readRetained(
          batch.map((id) => CarTopics.status(id)),
          (topic, payload) => void this.apply(topic, payload),
          STATUS_REFRESH_WAIT_MS,
        );
      } catch (error) {
        this.logger.warn(
          `retained status of ${batch.length} car(s) not read: ${(error as Error).message}`,
        );
      }
    }
  }

  private async apply(topic: string, payload: Buffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = payload.length === 0 ? '' : JSON.parse(payload.toString());
    } catch {
      parsed = payload.toString();
    }
    await acceptCarMessage(this.logger, topic, parsed, {
      kind: 'retained status',
      guard: isOwnStatus,
      apply: (carId, status) => {
        const wasOnline = this.registry.get(carId)?.connection === 'online';
        const known = this.registry.applyStatus(carId, status);
        const recovered = known && !wasOnline && status.online;
        if (known)
          this.metrics.carStatusReads.inc({
            found: recovered ? 'recovered' : 'unchanged',
          });
        if (recovered) {
          this.applied++;
          this.logger.log(
            `car=${carId} online from its retained status (its status message was lost on the way)`,
          );
        }
        return known;
      },
    });
  }

  private forgetOld(now: number): void {
    for (const [id, at] of this.askedAt)
      if (now - at >= STATUS_REFRESH_EVERY_MS) this.askedAt.delete(id);
  }
}
