import {
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { ServerEventName, ServerEvents } from '@fleet/shared/contracts';
import { Subject, Subscription } from 'rxjs';
import { ClusterBus } from '../cluster/cluster-bus';
import { AppConfigService } from '../config/app-config.service';
import { isRecord } from '../mqtt/payload-guards';

export const RELAY_TOPIC = 'events';
/**
 * Events only one replica produces: the leader's rollout progress. Car events are not relayed: every replica
 * gets the cars' reports from the broker and sends its own.
 */
export const RELAYED_EVENTS: ReadonlySet<ServerEventName> = new Set([
  'rollout.progress',
]);
/** Relayed publishes in flight at once; more are dropped (progress is aggregated, the next one catches up). */
export const MAX_RELAY_IN_FLIGHT = 100;

export interface RelayedEvent {
  event: ServerEventName;
  payload: ServerEvents[ServerEventName];
}

/**
 * Several replicas: what this replica broadcasts of `RELAYED_EVENTS` goes to the others over the broker
 * (`fleet-api/cluster/events`), and what they relay arrives on `incoming$` for this replica's clients only
 * (never relayed again; the bus drops the replica's own messages).
 */
@Injectable()
export class ClusterRelay implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ClusterRelay.name);
  readonly incoming$ = new Subject<RelayedEvent>();
  private readonly subscription = new Subscription();
  private inFlight = 0;
  private dropped = 0;

  constructor(
    private readonly config: AppConfigService,
    @Optional() private readonly bus?: ClusterBus,
  ) {}

  private get enabled(): boolean {
    return !!this.bus && (this.config.get('cluster')?.enabled ?? false);
  }

  onModuleInit(): void {
    if (!this.enabled || !this.bus) return;
    this.subscription.add(
      this.bus.on(RELAY_TOPIC).subscribe(({ body }) => {
        const event = body['event'];
        const payload = body['payload'];
        if (
          typeof event !== 'string' ||
          !RELAYED_EVENTS.has(event as ServerEventName) ||
          !isRecord(payload)
        )
          return;
        this.incoming$.next({
          event: event as ServerEventName,
          payload: payload as unknown as RelayedEvent['payload'],
        });
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    this.incoming$.complete();
  }

  /** Called for every broadcast of this replica; relays only `RELAYED_EVENTS`. */
  publish(event: ServerEventName, payload: unknown): void {
    if (!this.enabled || !this.bus || !RELAYED_EVENTS.has(event)) return;
    if (this.inFlight >= MAX_RELAY_IN_FLIGHT) {
      if (this.dropped++ === 0)
        this.logger.warn(
          'relay to the other replicas is behind; dropping events',
        );
      return;
    }
    this.inFlight++;
    this.bus
      .publish(RELAY_TOPIC, {
        event,
        payload: payload as Record<string, unknown>,
      })
      .then(() => (this.dropped = 0))
      .catch((error: Error) =>
        this.logger.warn(`event not relayed: ${error.message}`),
      )
      .finally(() => this.inFlight--);
  }
}
