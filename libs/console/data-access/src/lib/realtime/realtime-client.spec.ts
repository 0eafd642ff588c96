import { TestBed } from '@angular/core/testing';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { RealtimeClient } from './realtime-client';
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

  it('connects on the realtime path with the handshake auth', () => {
    client.connect();
    expect(socket.options?.path).toBe(REALTIME_PATH);
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
});
