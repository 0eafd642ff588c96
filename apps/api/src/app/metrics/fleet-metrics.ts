import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from './metric-types';

/** Seconds: HTTP answers are milliseconds, updates take seconds to minutes. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
export const UPDATE_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
/** Seconds the event loop ran a timer late: a few ms at rest, tens during a large update. */
export const LOOP_DELAY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type TopicFamily = 'symphony' | 'ankaios' | 'cars' | 'other';

/** The family of a topic, by its first segment: `symphony/…`, `vehicle/…` (the fleet connector), `fleet/cars/…`. */
export function topicFamily(topic: string): TopicFamily {
  if (topic.startsWith('symphony/')) return 'symphony';
  if (topic.startsWith('vehicle/')) return 'ankaios';
  if (topic.startsWith('fleet/cars/')) return 'cars';
  return 'other';
}

const MESSAGE_LABELS = Object.fromEntries(
  (['in', 'out'] as const).map((direction) => [
    direction,
    Object.fromEntries((['symphony', 'ankaios', 'cars', 'other'] as const).map((family) => [family, Object.freeze({ direction, family })])),
  ]),
) as Record<'in' | 'out', Record<TopicFamily, Readonly<{ direction: string; family: string }>>>;

/** The labels of one MQTT message of `fleet_mqtt_messages_total` (shared objects: counted on every message). */
export function mqttMessageLabels(direction: 'in' | 'out', topic: string): Readonly<{ direction: string; family: string }> {
  return MESSAGE_LABELS[direction][topicFamily(topic)];
}

/** The counters and histograms others feed; gauges are read at scrape time (MetricsService). */
@Injectable()
export class FleetMetrics {
  readonly httpRequests = new Histogram('fleet_http_request_duration_seconds', 'HTTP request latency by method, route and status class.', REQUEST_BUCKETS);
  readonly mqttMessages = new Counter('fleet_mqtt_messages_total', 'MQTT messages the API received (in) and published (out), by topic family: symphony (COA requests and answers), ankaios (fleet connector: state, manifests), cars (reports, commands), other.');
  readonly unacknowledgedRequests = new Counter('fleet_coa_requests_unacknowledged_total', 'COA requests to cars the broker did not confirm (PUBACK) within 5 s; each still waited for the car\'s answer, and was withdrawn from the resend store if none came.');
  readonly updates = new Counter('fleet_updates_total', 'Finished car updates and rollbacks by kind and result.');
  readonly carStatusReads = new Counter('fleet_car_status_reads_total', 'Retained car statuses read back from the broker for cars that reported while not online, by what they found (recovered: the car was online and its status message had been lost).');
  readonly loopDelay = new Histogram('fleet_event_loop_delay_seconds', 'How late the API\'s event loop ran a timer due every 20 ms (what every request and MQTT message waits on top of its own work).', LOOP_DELAY_BUCKETS);
  readonly updateDuration = new Histogram('fleet_update_duration_seconds', 'Time from an update request to its result, by kind.', UPDATE_BUCKETS);

  recordUpdate(kind: string, result: string, requestedAt: string, finishedAt: string | null): void {
    this.updates.inc({ kind, result });
    const ms = Date.parse(finishedAt ?? '') - Date.parse(requestedAt);
    if (Number.isFinite(ms) && ms >= 0) this.updateDuration.observe({ kind }, ms / 1000);
  }
}
