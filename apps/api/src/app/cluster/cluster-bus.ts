import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { connect, MqttClient } from 'mqtt';
import { Observable, Subject, filter } from 'rxjs';
import { withTimeout } from '../common/with-timeout';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { isRecord } from '../mqtt/payload-guards';
import { REPLICA_ID } from './replica-id';

/** Internal topics between API replicas; only the API's MQTT user may use them (tools/mosquitto/fleet.acl). */
export const CLUSTER_TOPIC_ROOT = 'fleet-api/cluster';
/** At most this many bytes per internal message; larger ones are dropped unread. */
export const MAX_CLUSTER_MESSAGE_BYTES = 1024 * 1024;
const PUBLISH_TIMEOUT_MS = 5000;

export interface ClusterMessage {
  /** The topic below `fleet-api/cluster/`. */
  topic: string;
  /** The sending replica. */
  from: string;
  body: Record<string, unknown>;
}

/**
 * The replicas' own channel over the shared broker: JSON envelopes `{from, body}` at QoS 1. A replica never
 * sees its own messages (they are dropped by `from`), so relays cannot loop.
 */
@Injectable()
export class ClusterBus implements OnModuleDestroy {
  private readonly logger = new Logger(ClusterBus.name);
  private readonly incoming = new Subject<ClusterMessage>();
  private client?: MqttClient;

  constructor(
    @Inject(BROKER_ENDPOINT) private readonly broker: BrokerEndpoint,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  /** Connects on first use, so that a process that never needs the channel never opens it. */
  private connection(): MqttClient {
    if (this.client) return this.client;
    const client = connect(this.broker.url, {
      ...this.broker.client,
      clientId: `fleet-api-cluster-${this.replicaId}`.slice(0, 128),
      connectTimeout: 5000,
      reconnectPeriod: 1000,
      // Internal traffic is only useful live: a replica that was away starts afresh.
      clean: true,
    });
    client.on('connect', () => {
      client.subscribe(`${CLUSTER_TOPIC_ROOT}/#`, { qos: 1 }, (error) => {
        if (error)
          this.logger.warn(`cluster subscription failed: ${error.message}`);
      });
    });
    client.on('error', (error) =>
      this.logger.warn(`cluster channel: ${error.message}`),
    );
    client.on('message', (topic, payload) => this.receive(topic, payload));
    this.client = client;
    return client;
  }

  /** Opens the channel now (at start), so that the first message is not lost to a late subscription. */
  open(): void {
    this.connection();
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  on(topic: string): Observable<ClusterMessage> {
    this.connection();
    return this.incoming.pipe(filter((m) => m.topic === topic));
  }

  onPrefix(prefix: string): Observable<ClusterMessage> {
    this.connection();
    return this.incoming.pipe(filter((m) => m.topic.startsWith(prefix)));
  }

  async publish(topic: string, body: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify({ from: this.replicaId, body });
    await withTimeout(
      this.connection().publishAsync(`${CLUSTER_TOPIC_ROOT}/${topic}`, text, {
        qos: 1,
      }),
      PUBLISH_TIMEOUT_MS,
      `publish to ${CLUSTER_TOPIC_ROOT}/${topic}`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.incoming.complete();
    const client = this.client;
    if (!client) return;
    await withTimeout(
      client.endAsync(),
      3000,
      'closing the cluster channel',
    ).catch(() => client.end(true));
  }

  private receive(topic: string, payload: Buffer): void {
    if (!topic.startsWith(`${CLUSTER_TOPIC_ROOT}/`)) return;
    if (payload.length > MAX_CLUSTER_MESSAGE_BYTES) return;
    const message = parse(payload);
    if (!message || message.from === this.replicaId) return;
    this.incoming.next({
      topic: topic.slice(CLUSTER_TOPIC_ROOT.length + 1),
      ...message,
    });
  }
}

function parse(
  payload: Buffer,
): { from: string; body: Record<string, unknown> } | null {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    if (
      !isRecord(value) ||
      typeof value['from'] !== 'string' ||
      !isRecord(value['body'])
    )
      return null;
    return { from: value['from'], body: value['body'] };
  } catch {
    return null;
  }
}
