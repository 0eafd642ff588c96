import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { parser as createParser } from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';
import { PacketSocket } from './packet-socket';

/** A TCP server that parses what one client sends as MQTT packets. */
async function listen(): Promise<{ server: Server; url: URL; received: Packet[]; peer: Promise<Socket> }> {
  const received: Packet[] = [];
  let accept!: (socket: Socket) => void;
  const peer = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((socket) => {
    const parser = createParser({ protocolVersion: 4 });
    parser.on('packet', (packet) => received.push(packet));
    socket.on('data', (chunk) => parser.parse(chunk));
    accept(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: new URL(`mqtt://127.0.0.1:${port}`), received, peer };
}

const publish = (n: number): Packet => ({ cmd: 'publish', topic: `t/${n}`, payload: Buffer.from(`${n}`), qos: 0, retain: false, dup: false });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe(PacketSocket.name, () => {
  let server: Server | undefined;
  let socket: PacketSocket | undefined;
  afterEach(async () => {
    socket?.destroy(new Error('test over'));
    const open = server;
    if (open) await new Promise((resolve) => open.close(resolve));
  });

  it('holds the packets of one turn and writes them together when the turn ends, in order', async () => {
    const s = await listen();
    server = s.server;
    const opened = new Promise<void>((resolve) => {
      socket = new PacketSocket(s.url, null, { open: resolve, packet: () => undefined, close: () => undefined });
    });
    await opened;
    await s.peer;
    const raw = (socket as unknown as { socket: Socket }).socket;

    expect(socket?.send(publish(1))).toBe(true);
    expect(socket?.send(publish(2))).toBe(true);
    expect(socket?.send(publish(3))).toBe(true);
    // Still held: nothing has gone to the kernel during this turn.
    expect(raw.writableLength).toBeGreaterThan(0);

    await nextTurn();
    expect(raw.writableLength).toBe(0);
    await until(() => s.received.length === 3);
    expect(s.received.map((p) => (p as { topic: string }).topic)).toEqual(['t/1', 't/2', 't/3']);

    // A later turn is held and released the same way.
    socket?.send(publish(4));
    await nextTurn();
    await until(() => s.received.length === 4);
    expect((s.received[3] as { topic: string }).topic).toBe('t/4');
  });

  it('sends what it held before it closes on disconnect', async () => {
    const s = await listen();
    server = s.server;
    let closed: (error: Error | null) => void = () => undefined;
    const ended = new Promise<Error | null>((resolve) => (closed = resolve));
    await new Promise<void>((resolve) => {
      socket = new PacketSocket(s.url, null, { open: resolve, packet: () => undefined, close: (error) => closed(error) });
    });
    const peer = await s.peer;
    peer.on('end', () => peer.end());

    socket?.send(publish(1));
    socket?.disconnect();
    expect(await ended).toBeNull();
    await until(() => s.received.length === 2);
    expect(s.received.map((p) => p.cmd)).toEqual(['publish', 'disconnect']);
  });
});
