import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { generate, parser as createParser } from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { until } from './transport-recorder';

/** What the scripted broker does with one packet from a client: answer it, stay silent, or write raw bytes. */
export type Script = (packet: Packet, reply: (answer: Packet | Buffer) => void) => void;

/** Accepts every CONNECT and acknowledges nothing else: the default script. */
export const acceptOnly: Script = (packet, reply) => {
  if (packet.cmd === 'connect') reply({ cmd: 'connack', returnCode: 0, sessionPresent: false });
};

/**
 * A TCP server that speaks only what a test scripts, for the broker misbehaviours a real broker never shows:
 * silence, refusals, failure codes, garbage bytes. Records every packet it receives and counts connections.
 */
export class ScriptedBroker {
  readonly received: Packet[] = [];
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    public script: Script,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(script: Script = acceptOnly): Promise<ScriptedBroker> {
    const broker = new ScriptedBroker(createServer(), script);
    await new Promise<void>((resolve) => broker.server.listen(0, '127.0.0.1', resolve));
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once a packet of `cmd` has arrived (or already had). */
  async waitFor(cmd: Packet['cmd'], timeoutMs = 5_000): Promise<Packet> {
    let found: Packet | undefined;
    await until(`a ${cmd} packet`, () => (found = this.received.find((p) => p.cmd === cmd)) !== undefined, timeoutMs);
    return found as Packet;
  }

  dropConnections(): void {
    this.sockets.forEach((s) => s.destroy());
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = createParser({ protocolVersion: 4 });
    const reply = (answer: Packet | Buffer) => {
      if (!socket.destroyed) socket.write(Buffer.isBuffer(answer) ? answer : generate(answer));
    };
    parser.on('packet', (packet: Packet) => {
      this.received.push(packet);
      this.script(packet, reply);
    });
    parser.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
  }
}
