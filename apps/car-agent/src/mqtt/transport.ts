export interface IncomingMessage {
  topic: string;
  payload: Buffer;
  retained: boolean;
}

export interface TransportOptions {
  url: string;
  clientId: string;
  will: { topic: string; payload: string; retain: boolean };
  /** PEM contents: the CA the broker is checked against, plus the client's own for mutual TLS; or null. */
  tls: { ca: Buffer; cert?: Buffer; key?: Buffer } | null;
  /** Username and password (read from the password file), or null. */
  credentials?: { username: string; password: string } | null;
  reconnectPeriodMs: number;
}

/** How a message is published; `qos` defaults to 1. */
export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

/**
 * The MQTT client as the agent sees it. Publishes are QoS 1 unless asked for QoS 0: a QoS 1 publish
 * answers once the broker acknowledged it; a QoS 0 publish takes no message id or in-flight slot
 * and answers true once handed to the socket. A publish while disconnected is dropped (answers
 * false) so nothing stale is replayed after a reconnect.
 */
export interface MqttTransport {
  readonly connected: boolean;
  onConnect(listener: () => void): void;
  onDisconnect(listener: (reason: string) => void): void;
  onMessage(listener: (message: IncomingMessage) => void): void;
  publish(topic: string, payload: string, options?: PublishOptions): Promise<boolean>;
  subscribe(topics: string[]): Promise<boolean>;
  unsubscribe(topics: string[]): Promise<boolean>;
  /** Clean disconnect: the broker drops the last will. */
  end(): Promise<void>;
}

export type TransportFactory = (options: TransportOptions) => MqttTransport;
