import type { Packet } from 'mqtt-packet';
import { PacketSocket } from './packet-socket';
import { PendingAcks } from './pending-acks';
import type { IncomingMessage, MqttTransport, PublishOptions, TransportOptions } from './transport';

export interface TransportTiming {
  /** PINGREQ interval; a PINGRESP still missing at the next one drops the connection. */
  keepaliveMs: number;
  connectTimeoutMs: number;
  /** The longest a publish, subscribe or unsubscribe waits for its acknowledgement. */
  ackTimeoutMs: number;
  /** Acknowledgements waited for at once; past this an operation answers false at once. */
  maxInFlight: number;
}

const DEFAULT_TIMING: TransportTiming = { keepaliveMs: 60_000, connectTimeoutMs: 5_000, ackTimeoutMs: 30_000, maxInFlight: 256 };
const REFUSALS: Record<number, string> = {
  1: 'Unacceptable protocol version',
  2: 'Identifier rejected',
  3: 'Server unavailable',
  4: 'Bad username or password',
  5: 'Not authorized',
};
/** How long `end()` waits for the broker to close after DISCONNECT. */
const END_GRACE_MS = 2_000;

/**
 * The agent's MQTT 3.1.1 client on mqtt-packet and a plain socket (with the bundle settings in webpack.config.js
 * a car process is ~11 MB smaller than with mqtt.js). Errors surface through `onError`, never as throws; while the broker stays away the same error
 * repeats every reconnect, so only changes of the error are reported.
 */
export function createMqttTransport(
  options: TransportOptions,
  onError: (error: Error) => void,
  timing: Partial<TransportTiming> = {},
): MqttTransport {
  return new PacketTransport(options, onError, { ...DEFAULT_TIMING, ...timing });
}

class PacketTransport implements MqttTransport {
  connected = false;
  private socket: PacketSocket | null = null;
  private readonly acks: PendingAcks;
  private readonly connectListeners: (() => void)[] = [];
  private readonly disconnectListeners: ((reason: string) => void)[] = [];
  private readonly messageListeners: ((message: IncomingMessage) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pingOutstanding = false;
  private offline = false;
  private lastError: string | null = null;
  private ended: (() => void) | null = null;
  /** Set by `end()`: no reconnect from then on. */
  private ending: Promise<void> | null = null;

  constructor(
    private readonly options: TransportOptions,
    private readonly onError: (error: Error) => void,
    private readonly timing: TransportTiming,
  ) {
    this.acks = new PendingAcks(timing.maxInFlight, timing.ackTimeoutMs);
    this.open();
  }

  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.disconnectListeners.push(listener);
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.messageListeners.push(listener);
  }

  publish(topic: string, payload: string, options: PublishOptions = {}): Promise<boolean> {
    const retain = options.retain ?? false;
    if (options.qos === 0) return Promise.resolve(this.sendNow({ cmd: 'publish', topic, payload, qos: 0, retain, dup: false }));
    return this.request((messageId) => ({ cmd: 'publish', topic, payload, qos: 1, retain, dup: false, messageId }));
  }

  subscribe(topics: string[]): Promise<boolean> {
    if (topics.length === 0) return Promise.resolve(true);
    return this.request((messageId) => ({ cmd: 'subscribe', messageId, subscriptions: topics.map((topic) => ({ topic, qos: 1 })) }));
  }

  unsubscribe(topics: string[]): Promise<boolean> {
    if (topics.length === 0) return Promise.resolve(true);
    return this.request((messageId) => ({ cmd: 'unsubscribe', messageId, unsubscriptions: topics }));
  }

  end(): Promise<void> {
    if (this.ending) return this.ending;
    this.clearTimer();
    const socket = this.socket;
    this.ending = !socket
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const grace = setTimeout(() => socket.destroy(new Error('ended')), END_GRACE_MS);
          this.ended = () => (clearTimeout(grace), resolve());
          if (this.connected) socket.disconnect();
          else socket.destroy(new Error('ended'));
        });
    return this.ending;
  }

  /** Sends a packet nothing acknowledges (a QoS 0 publish); false when disconnected or far behind on writes. */
  private sendNow(packet: Packet): boolean {
    const socket = this.socket;
    if (!this.connected || !socket?.writable) return false;
    return socket.send(packet);
  }

  /** Sends a packet that the broker acknowledges by its id; false when disconnected, refused or unanswered. */
  private request(packet: (messageId: number) => Packet): Promise<boolean> {
    const socket = this.socket;
    if (!this.connected || !socket?.writable) return Promise.resolve(false);
    const slot = this.acks.take();
    if (!slot) return Promise.resolve(false);
    socket.send(packet(slot.id));
    return slot.acked;
  }

  private open(): void {
    if (this.ending) return;
    try {
      this.socket = new PacketSocket(new URL(this.options.url), this.options.tls, {
        open: () => this.sendConnect(),
        packet: (packet) => this.receive(packet),
        close: (error) => this.closed(error),
      });
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
      this.retry();
      return;
    }
    const socket = this.socket;
    this.setTimer(() => socket.destroy(new Error('connack timeout')), this.timing.connectTimeoutMs);
  }

  private sendConnect(): void {
    const { clientId, will, credentials } = this.options;
    this.socket?.send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId,
      keepalive: Math.ceil(this.timing.keepaliveMs / 1000),
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: will.retain },
      ...(credentials ? { username: credentials.username, password: Buffer.from(credentials.password) } : {}),
    });
  }

  private receive(packet: Packet): void {
    if (packet.cmd === 'connack') return this.connack(packet.returnCode ?? 0);
    if (!this.connected) return this.socket?.destroy(new Error(`${packet.cmd} before CONNACK`));
    switch (packet.cmd) {
      case 'publish':
        if (packet.qos === 2) return this.socket?.destroy(new Error('QoS 2 publish on a QoS 1 subscription'));
        if (packet.qos === 1) this.socket?.send({ cmd: 'puback', messageId: packet.messageId });
        return this.deliver({
          topic: packet.topic,
          payload: typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
          retained: packet.retain,
        });
      case 'puback':
      case 'unsuback':
        return this.acks.settle(packet.messageId ?? 0, true);
      case 'suback':
        return this.acks.settle(packet.messageId ?? 0, packet.granted.every((code) => typeof code === 'number' && code < 0x80));
      case 'pingresp':
        this.pingOutstanding = false;
        return;
    }
  }

  private connack(returnCode: number): void {
    if (this.connected) return this.socket?.destroy(new Error('a second CONNACK'));
    if (returnCode !== 0) return this.socket?.destroy(new Error(`Connection refused: ${REFUSALS[returnCode] ?? `code ${returnCode}`}`));
    this.connected = true;
    this.offline = false;
    this.lastError = null;
    this.pingOutstanding = false;
    this.keepAlive();
    for (const listener of this.connectListeners) this.call(() => listener());
  }

  private keepAlive(): void {
    this.setTimer(() => {
      if (this.pingOutstanding) return this.socket?.destroy(new Error('Keepalive timeout'));
      this.pingOutstanding = true;
      this.socket?.send({ cmd: 'pingreq' });
      this.keepAlive();
    }, this.timing.keepaliveMs);
  }

  private closed(error: Error | null): void {
    this.socket = null;
    this.connected = false;
    this.clearTimer();
    this.acks.failAll();
    if (this.ending) {
      this.ended?.();
      return;
    }
    if (error) this.report(error);
    if (!this.offline) {
      this.offline = true;
      for (const listener of this.disconnectListeners) this.call(() => listener(error?.message ?? 'connection closed'));
    }
    this.retry();
  }

  private retry(): void {
    if (this.options.reconnectPeriodMs > 0) this.setTimer(() => this.open(), this.options.reconnectPeriodMs);
  }

  private deliver(message: IncomingMessage): void {
    for (const listener of this.messageListeners) this.call(() => listener(message));
  }

  /** A listener that throws must not take the connection down with it. */
  private call(listener: () => void): void {
    try {
      listener();
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private report(error: Error): void {
    if (error.message === this.lastError) return;
    this.lastError = error.message;
    this.onError(error);
  }

  /** One timer at a time: the CONNACK wait, the keepalive or the reconnect delay. */
  private setTimer(run: () => void, ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
