import { connect as connectTcp, isIP, Socket } from 'node:net';
import { generate, parser as createParser, writeToStream } from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import type { TransportOptions } from './transport';

// By default mqtt-packet builds a Buffer for each of the 65,536 packet ids at its first packet: ~6.5 MB of heap,
// a tenth of a car process. The agent sends a few packets a minute; it writes each number when needed.
writeToStream.cacheNumbers = false;

/** Nothing the agent receives comes near this; a broker announcing more is dropped rather than buffered. */
export const MAX_PACKET_BYTES = 1024 * 1024;
/** A socket this far behind on writes is treated as gone for new publishes (see `writable`). */
const MAX_BUFFERED_WRITE_BYTES = 1024 * 1024;

export interface PacketSocketEvents {
  open(): void;
  packet(packet: Packet): void;
  /** Called once; `error` is set unless the socket ended cleanly. */
  close(error: Error | null): void;
}

/**
 * One TCP or TLS connection speaking MQTT 3.1.1 packets. Malformed or oversized input ends the connection
 * with an error; nothing thrown while handling a packet escapes into the socket's event handlers.
 */
export class PacketSocket {
  private readonly socket: Socket;
  private readonly parser = createParser({ protocolVersion: 4 });
  private closed = false;
  private failure: Error | null = null;

  constructor(url: URL, tlsOptions: TransportOptions['tls'], private readonly events: PacketSocketEvents) {
    this.socket = openSocket(url, tlsOptions, () => this.events.open());
    this.socket.setNoDelay(true);
    this.parser.on('packet', (packet: Packet) => this.events.packet(packet));
    this.parser.on('error', (error: Error) => this.destroy(new Error(`malformed packet from the broker: ${error.message}`)));
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (error) => (this.failure ??= error));
    this.socket.on('close', () => this.finish());
  }

  /** False while the socket is closed or far behind on writes: the caller then answers "not sent". */
  get writable(): boolean {
    return !this.closed && !this.socket.destroyed && this.socket.writableLength < MAX_BUFFERED_WRITE_BYTES;
  }

  send(packet: Packet): boolean {
    if (this.closed || this.socket.destroyed) return false;
    holdUntilTurnEnds(this.socket);
    this.socket.write(generate(packet));
    return true;
  }

  /** Sends DISCONNECT, then closes once it is flushed. */
  disconnect(): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.end(generate({ cmd: 'disconnect' }));
  }

  destroy(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      const buffered = this.parser.parse(chunk);
      if (buffered > MAX_PACKET_BYTES) this.destroy(new Error(`the broker sent a packet larger than ${MAX_PACKET_BYTES} bytes`));
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.parser.removeAllListeners('packet');
    this.events.close(this.failure);
  }
}

/** Sockets holding the packets written in this turn of the event loop. */
const held = new Set<Socket>();

/**
 * Holds the socket's writes (cork) until the end of this turn of the event loop: the packets one car sends in a
 * turn (an acknowledgement and the answer it led to, a state report beside it) leave in one system call. With
 * thousands of cars in one host, one write per packet was a seventh of the host's time during an update.
 */
function holdUntilTurnEnds(socket: Socket): void {
  if (held.has(socket)) return;
  if (held.size === 0) setImmediate(releaseHeld);
  held.add(socket);
  socket.cork();
}

function releaseHeld(): void {
  const sockets = [...held];
  held.clear();
  for (const socket of sockets) if (!socket.destroyed) socket.uncork();
}

/** `mqtts://` loads node:tls only when used: a plain car never pays for it. */
function openSocket(url: URL, tlsOptions: TransportOptions['tls'], onOpen: () => void): Socket {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'mqtt:' || url.protocol === 'tcp:') {
    return connectTcp({ host, port: Number(url.port || 1883) }, onOpen);
  }
  if (url.protocol !== 'mqtts:' && url.protocol !== 'ssl:') throw new Error(`unsupported broker URL ${url.protocol}`);
  const tls = require('node:tls') as typeof import('node:tls');
  return tls.connect(
    {
      host,
      port: Number(url.port || 8883),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(tlsOptions ?? {}),
      rejectUnauthorized: true,
    },
    onOpen,
  );
}
