import { createMqttTransport } from '../mqtt/mqtt-transport';
import type { TransportTiming } from '../mqtt/mqtt-transport';
import type { IncomingMessage, MqttTransport, TransportOptions } from '../mqtt/transport';

/** Polls `check` every 10 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function transportOptions(url: string, overrides: Partial<TransportOptions> = {}): TransportOptions {
  return {
    url,
    clientId: `car-${Math.random().toString(16).slice(2, 10)}`,
    will: { topic: 'fleet/cars/car-1/status', payload: '{"online":false}', retain: true },
    tls: null,
    credentials: null,
    reconnectPeriodMs: 100,
    ...overrides,
  };
}

/** A real transport and everything it reported: connects, disconnects, errors and messages. */
export interface RecordedTransport {
  transport: MqttTransport;
  connects: number;
  disconnects: string[];
  errors: string[];
  messages: IncomingMessage[];
}

export function recordTransport(options: TransportOptions, timing: Partial<TransportTiming> = {}): RecordedTransport {
  const errors: string[] = [];
  const transport = createMqttTransport(options, (error) => errors.push(error.message), timing);
  const recorded: RecordedTransport = { transport, connects: 0, disconnects: [], errors, messages: [] };
  transport.onConnect(() => recorded.connects++);
  transport.onDisconnect((reason) => recorded.disconnects.push(reason));
  transport.onMessage((message) => recorded.messages.push(message));
  return recorded;
}
