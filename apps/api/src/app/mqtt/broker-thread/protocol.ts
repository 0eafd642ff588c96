/**
 * Messages between the API's main thread and the broker thread (see broker-link.ts and broker-host.ts).
 * Payloads cross as text: every handler of the API reads text (JSON or YAML), and a Buffer from the broker is
 * often a view of a larger pooled block that would be copied whole.
 */
import type { SecretOrigin } from '../security/password-hash';

/** Where the embedded broker listens and how (the part of its options a thread can receive). */
export interface BrokerThreadOptions {
  port: number;
  /** Authentication: none (anonymous), password (store below) or mtls (client certificates). */
  mode: 'none' | 'password' | 'mtls';
  tls?: {
    key: Uint8Array;
    cert: Uint8Array;
    ca: Uint8Array;
    requestCert: boolean;
  };
}

/** One message for an in-process subscription; `seq` is answered in an `ack` once the main thread handled it. */
export interface Delivery {
  sub: number;
  seq: number;
  topic: string;
  payload: string;
  retain: boolean;
  qos: number;
}

export type ToBroker =
  | { type: 'subscribe'; sub: number; filter: string }
  | { type: 'unsubscribe'; sub: number }
  | { type: 'ack'; seqs: number[] }
  | {
      type: 'credential';
      username: string;
      secret: string | null;
      origin: SecretOrigin;
    }
  | { type: 'close' };

export type FromBroker =
  | { type: 'ready'; port: number; url: string }
  | { type: 'failed'; message: string }
  | { type: 'subscribed'; sub: number }
  | { type: 'subscribe-failed'; sub: number; message: string }
  | { type: 'unsubscribed'; sub: number }
  | { type: 'deliver'; batch: Delivery[] }
  | { type: 'log'; level: 'warn' | 'error'; message: string }
  | { type: 'closed' };

/** The part of a MessagePort (or of worker_threads' parentPort / a Worker) both sides use. */
export interface PortLike<In, Out> {
  postMessage(message: Out): void;
  on(event: 'message', listener: (message: In) => void): unknown;
  off(event: 'message', listener: (message: In) => void): unknown;
}
