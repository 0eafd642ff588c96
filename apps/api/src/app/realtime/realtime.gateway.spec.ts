import { UnauthorizedException } from '@nestjs/common';
import type { Principal } from '@fleet/shared/contracts';
import { carsHarness } from '../../testing/cars-harness';
import { logLine } from '../../testing/factories';
import type { Authenticator } from '../auth/authenticator';
import { CarLogsService } from './car-logs.service';
import { MAX_LOG_SUBSCRIPTIONS, RealtimeGateway } from './realtime.gateway';

const viewer: Principal = { username: 'vic', role: 'viewer', via: 'jwt' };

/** The server's rooms (room → socket ids), as socket.io's adapter keeps them; joins and leaves update it. */
const adapterRooms = new Map<string, Set<string>>();

function fakeSocket(id = 'socket-1', user: Principal | null = viewer) {
  const rooms = new Set<string>();
  const join = (room: string) => {
    rooms.add(room);
    adapterRooms.set(room, (adapterRooms.get(room) ?? new Set()).add(id));
  };
  join(id);
  return {
    id,
    rooms,
    data: { user: user ?? undefined, expiresAt: null as number | null },
    handshake: { auth: {} as Record<string, unknown> },
    disconnected: false,
    join: async (room: string) => join(room),
    leave: async (room: string) => {
      rooms.delete(room);
      adapterRooms.get(room)?.delete(id);
    },
    disconnect(this: { disconnected: boolean }) {
      this.disconnected = true;
    },
    once: () => undefined,
  };
}

/** Accepts the token 'good' as the viewer, refuses everything else with 401. */
const authenticator = {
  authenticate: async (credential: string | null) => {
    if (credential !== 'good')
      throw new UnauthorizedException('Authentication required');
    return { principal: viewer, expiresAt: null };
  },
} as unknown as Authenticator;

async function setup() {
  const h = carsHarness();
  await h.cars.create({ region: 'munich', name: 'a' });
  const logs = new CarLogsService(h.registry);
  const gateway = new RealtimeGateway(h.registry, logs, authenticator);
  const emitted: { room: string | null; event: string; payload: unknown }[] =
    [];
  adapterRooms.clear();
  const server = {
    sockets: { adapter: { rooms: adapterRooms } },
    emit: (event: string, payload: unknown) =>
      emitted.push({ room: null, event, payload }),
    to: (room: string) => ({
      emit: (event: string, payload: unknown) =>
        emitted.push({ room, event, payload }),
    }),
  };
  Object.assign(gateway, { server });
  type Socket = Parameters<RealtimeGateway['subscribeLogs']>[0];
  const socket = fakeSocket();
  return {
    ...h,
    logs,
    gateway,
    emitted,
    socket,
    asSocket: (s: ReturnType<typeof fakeSocket>) => s as unknown as Socket,
  };
}

describe(RealtimeGateway.name, () => {
  it('sends a new client the fleet summary', async () => {
    const { gateway, emitted, socket, asSocket } = await setup();

    gateway.handleConnection(asSocket(socket));

    expect(emitted).toEqual([
      {
        room: 'socket-1',
        event: 'fleet.summary',
        payload: expect.objectContaining({ total: 1 }),
      },
    ]);
  });

  it('refuses a client without a user (the auth middleware did not run) and sends it nothing', async () => {
    const { gateway, emitted, asSocket } = await setup();
    const stranger = fakeSocket('socket-2', null);

    gateway.handleConnection(asSocket(stranger));

    expect(stranger.disconnected).toBe(true);
    expect(emitted).toEqual([]);
  });

  it('installs a middleware that admits a valid token and refuses others with a 401 connect error', async () => {
    const { gateway } = await setup();
    const middlewares: ((s: unknown, next: (e?: Error) => void) => void)[] = [];
    gateway.afterInit({
      use: (m: (typeof middlewares)[number]) => middlewares.push(m),
    } as never);
    const run = (socket: ReturnType<typeof fakeSocket>) =>
      new Promise<Error | undefined>((resolve) =>
        middlewares[0](socket, resolve),
      );
    const good = fakeSocket('s-good', null);
    good.handshake.auth = { token: 'good' };
    const bad = fakeSocket('s-bad', null);

    expect(await run(good)).toBeUndefined();
    expect(good.data.user).toEqual(viewer);
    const refused = await run(bad);
    expect(refused?.message).toBe('Authentication required');
    expect((refused as Error & { data: unknown }).data).toEqual({
      statusCode: 401,
      message: 'Authentication required',
    });
  });

  it('puts a log subscriber in the car’s room and sends the lines kept so far', async () => {
    const { gateway, logs, emitted, socket, asSocket } = await setup();
    const line = logLine('a');
    logs.append('a', [line]);

    const ack = await gateway.subscribeLogs(asSocket(socket), { carId: 'a' });

    expect(ack).toEqual({ ok: true });
    expect(socket.rooms.has('logs:a')).toBe(true);
    expect(emitted).toEqual([
      {
        room: 'socket-1',
        event: 'car.logs',
        payload: { carId: 'a', lines: [line] },
      },
    ]);
  });

  it('sends nothing to a room nobody is in, and to the room once a socket joined it until it left', async () => {
    const { gateway, emitted, socket, asSocket } = await setup();
    const payload = { carId: 'a', lines: [logLine('a')] };

    gateway.send('car.logs', payload, 'logs:a');
    expect(emitted).toEqual([]);

    await gateway.subscribeLogs(asSocket(socket), { carId: 'a' });
    emitted.length = 0;
    gateway.send('car.logs', payload, 'logs:a');
    expect(emitted).toEqual([{ room: 'logs:a', event: 'car.logs', payload }]);

    await gateway.unsubscribeLogs(asSocket(socket), { carId: 'a' });
    gateway.send('car.logs', payload, 'logs:a');
    expect(emitted).toHaveLength(1);
  });

  it('takes a socket out of the room on unsubscribe', async () => {
    const { gateway, socket, asSocket } = await setup();
    await gateway.subscribeLogs(asSocket(socket), {
      carId: 'a',
      workload: 'nav',
    });

    expect(
      await gateway.unsubscribeLogs(asSocket(socket), {
        carId: 'a',
        workload: 'nav',
      }),
    ).toEqual({ ok: true });

    expect(socket.rooms.has('logs:a:nav')).toBe(false);
  });

  it('refuses malformed subscriptions, unknown cars and too many subscriptions', async () => {
    const { gateway, socket, asSocket } = await setup();

    expect(
      await gateway.subscribeLogs(asSocket(fakeSocket('s', null)), {
        carId: 'a',
      }),
    ).toEqual({ ok: false, error: 'log subscriptions need the viewer role' });

    expect(
      await gateway.subscribeLogs(asSocket(socket), { carId: 'bad id!' }),
    ).toMatchObject({ ok: false });
    expect(await gateway.subscribeLogs(asSocket(socket), 'a')).toMatchObject({
      ok: false,
    });
    expect(
      await gateway.subscribeLogs(asSocket(socket), { carId: 'ghost' }),
    ).toEqual({ ok: false, error: 'car ghost not found' });
    for (let i = 0; i < MAX_LOG_SUBSCRIPTIONS; i++)
      socket.rooms.add(`logs:x${i}`);
    expect(
      await gateway.subscribeLogs(asSocket(socket), { carId: 'a' }),
    ).toMatchObject({ ok: false });
  });
});
