import { carsHarness } from '../../testing/cars-harness';
import { logLine } from '../../testing/factories';
import { CarLogsService } from './car-logs.service';
import { MAX_LOG_SUBSCRIPTIONS, RealtimeGateway } from './realtime.gateway';

function fakeSocket(id = 'socket-1') {
  const rooms = new Set([id]);
  return {
    id,
    rooms,
    join: async (room: string) => void rooms.add(room),
    leave: async (room: string) => void rooms.delete(room),
  };
}

async function setup() {
  const h = carsHarness();
  await h.cars.create({ region: 'munich', name: 'a' });
  const logs = new CarLogsService(h.registry);
  const gateway = new RealtimeGateway(h.registry, logs);
  const emitted: { room: string | null; event: string; payload: unknown }[] =
    [];
  const server = {
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
