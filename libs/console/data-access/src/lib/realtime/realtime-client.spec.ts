import { TestBed } from '@angular/core/testing';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { RealtimeClient, RETRY_MS } from './realtime-client';
import { REALTIME_AUTH, SOCKET_FACTORY } from './realtime-socket';

describe(RealtimeClient.name, () => {
  let socket: FakeRealtimeSocket;
  let client: RealtimeClient;

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [
        { provide: SOCKET_FACTORY, useValue: socket.factory },
        { provide: REALTIME_AUTH, useValue: () => ({ token: 't-1' }) },
      ],
    });
    client = TestBed.inject(RealtimeClient);
  });

  afterEach(() => jest.useRealTimers());

  it('connects on the realtime path with the handshake auth', () => {
    client.connect();
    expect(socket.options?.path).toBe(REALTIME_PATH);
    expect(socket.options?.autoConnect).toBe(false);
    expect(socket.connectCalls).toBe(1);
    let auth: object | null = null;
    const provideAuth = socket.options?.auth as (cb: (data: object) => void) => void;
    provideAuth((data) => (auth = data));
    expect(auth).toEqual({ token: 't-1' });
  });

  it('tracks the connection and signals reconnects only', () => {
    const reconnects: number[] = [];
    client.reconnected$.subscribe(() => reconnects.push(1));
    client.connect();
    expect(client.status()).toBe('connecting');
    socket.fire('connect');
    expect(client.status()).toBe('connected');
    socket.fire('disconnect', 'transport close');
    expect(client.status()).toBe('connecting');
    socket.fire('connect');
    expect(reconnects).toHaveLength(1);
  });

  it('streams a server event until unsubscribed', () => {
    const seen: string[][] = [];
    const sub = client.on('cars.removed').subscribe(({ ids }) => seen.push(ids));
    socket.serverSends('cars.removed', { ids: ['a'] });
    sub.unsubscribe();
    socket.serverSends('cars.removed', { ids: ['b'] });
    expect(seen).toEqual([['a']]);
    expect(socket.listenerCount('cars.removed')).toBe(0);
  });

  it('resolves a request with the server ack', async () => {
    socket.ackWith = { ok: false, error: 'unknown car' };
    await expect(client.request('logs.subscribe', { carId: 'x' })).resolves.toEqual({ ok: false, error: 'unknown car' });
    expect(socket.emitted).toEqual([{ event: 'logs.subscribe', payload: { carId: 'x' } }]);
  });

  it('does not open the socket for a stream alone', () => {
    client.on('cars.removed').subscribe();
    expect(socket.options).not.toBeNull();
    expect(socket.connectCalls).toBe(0);
    expect(client.status()).toBe('disconnected');
  });

  it('keeps stream subscriptions across a disconnect and a new connect', () => {
    const seen: string[][] = [];
    client.on('cars.removed').subscribe(({ ids }) => seen.push(ids));
    client.connect();
    socket.fire('connect');
    client.disconnect();
    expect(client.status()).toBe('disconnected');
    client.connect();
    socket.fire('connect');
    socket.serverSends('cars.removed', { ids: ['a'] });
    expect(seen).toEqual([['a']]);
    expect(socket.connectCalls).toBe(2);
  });

  it('reports a refused token instead of retrying', () => {
    jest.useFakeTimers();
    let refusals = 0;
    client.unauthorized$.subscribe(() => refusals++);
    client.connect();
    socket.refuse(401, 'Token expired');
    jest.advanceTimersByTime(RETRY_MS * 2);
    expect(refusals).toBe(1);
    expect(socket.connectCalls).toBe(1);
  });

  it('retries after another refusal and after a server-side disconnect, while still wanted', () => {
    jest.useFakeTimers();
    client.connect();
    socket.refuse(500, 'boom');
    jest.advanceTimersByTime(RETRY_MS);
    expect(socket.connectCalls).toBe(2);
    socket.fire('connect');
    socket.fire('disconnect', 'io server disconnect');
    expect(client.status()).toBe('connecting');
    jest.advanceTimersByTime(RETRY_MS);
    expect(socket.connectCalls).toBe(3);
    client.disconnect();
    socket.refuse(500, 'late');
    jest.advanceTimersByTime(RETRY_MS);
    expect(socket.connectCalls).toBe(3);
    expect(client.status()).toBe('disconnected');
  });
});
