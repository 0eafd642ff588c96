import { performance } from 'node:perf_hooks';
import { connectAsync, IClientOptions } from 'mqtt';
import { sleep } from '@fleet/e2e/support';

export interface RawRate {
  roundTrips: number;
  perSec: number;
}

/**
 * A plain MQTT request/response pair on the same broker: a requester keeps `window` QoS 1 requests in flight, a
 * responder answers each on a response topic. Round trips per second is the broker's raw rate for the ratio.
 */
export async function rawRequestResponseRate(url: string, options: IClientOptions, durationMs: number, window = 100): Promise<RawRate> {
  const base = `bench/raw/${process.pid}`;
  const responder = await connectAsync(url, { ...options, clientId: `bench-responder-${process.pid}`, connectTimeout: 10_000, reconnectPeriod: 0 });
  const requester = await connectAsync(url, { ...options, clientId: `bench-requester-${process.pid}`, connectTimeout: 10_000, reconnectPeriod: 0 });
  try {
    await responder.subscribeAsync(`${base}/req/+`, { qos: 1 });
    responder.on('message', (topic, payload) => {
      const id = topic.slice(topic.lastIndexOf('/') + 1);
      responder.publish(`${base}/res/${id}`, payload, { qos: 1 });
    });
    await requester.subscribeAsync(`${base}/res/+`, { qos: 1 });
    let done = 0;
    let next = 0;
    const deadline = performance.now() + durationMs;
    const send = () => {
      const id = next++;
      requester.publish(`${base}/req/${id}`, JSON.stringify({ id, at: Date.now(), pad: 'x'.repeat(200) }), { qos: 1 });
    };
    requester.on('message', () => {
      done++;
      if (performance.now() < deadline) send();
    });
    const started = performance.now();
    for (let i = 0; i < window; i++) send();
    while (performance.now() < deadline) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    return { roundTrips: done, perSec: Math.round(done / seconds) };
  } finally {
    await Promise.all([requester.endAsync(true), responder.endAsync(true)]).catch(() => undefined);
  }
}
