import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aLogLine } from '@fleet/console/testing';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { CarLogsStore, type LogView } from './car-logs-store';

describe(CarLogsStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let injector: EnvironmentInjector;
  let store: CarLogsStore;
  const view = (overrides: Partial<LogView> = {}): LogView => ({
    carId: 'car-1',
    tail: 200,
    workload: null,
    follow: true,
    ...overrides,
  });
  const expectLogs = () => http.expectOne((req) => req.url === '/api/cars/car-1/logs');

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    injector = createEnvironmentInjector([CarLogsStore], TestBed.inject(EnvironmentInjector));
    store = injector.get(CarLogsStore);
  });

  afterEach(() => http.verify());

  it('shows the tail, then follows live lines of this car only', async () => {
    store.configure(view());
    const req = expectLogs();
    expect(req.request.params.get('tail')).toBe('200');
    const history = [aLogLine(), aLogLine()];
    req.flush(history);
    await Promise.resolve();
    expect(socket.emitted).toContainEqual({ event: 'logs.subscribe', payload: { carId: 'car-1' } });
    const live = aLogLine();
    socket.serverSends('car.logs', { carId: 'car-1', lines: [live] });
    socket.serverSends('car.logs', { carId: 'other', lines: [aLogLine({ carId: 'other' })] });
    expect(store.lines()).toEqual([...history, live]);
  });

  it('does not repeat the lines the gateway replays on subscribe', async () => {
    store.configure(view());
    const history = [aLogLine(), aLogLine()];
    expectLogs().flush(history);
    await Promise.resolve();
    const next = aLogLine();
    socket.serverSends('car.logs', { carId: 'car-1', lines: [...history, next] });
    expect(store.lines()).toEqual([...history, next]);
  });

  it('asks for one workload and keeps only its lines', () => {
    store.configure(view({ workload: 'nav' }));
    const req = expectLogs();
    expect(req.request.params.get('workload')).toBe('nav');
    req.flush([]);
    expect(socket.emitted).toContainEqual({ event: 'logs.subscribe', payload: { carId: 'car-1', workload: 'nav' } });
    const nav = aLogLine({ workload: 'nav' });
    socket.serverSends('car.logs', { carId: 'car-1', lines: [aLogLine({ workload: 'telematics' }), nav] });
    expect(store.lines()).toEqual([nav]);
  });

  it('keeps a bounded buffer of the newest lines', () => {
    store.maxLines = 3;
    store.configure(view());
    expectLogs().flush([aLogLine(), aLogLine()]);
    const newest = [aLogLine(), aLogLine(), aLogLine()];
    socket.serverSends('car.logs', { carId: 'car-1', lines: newest });
    expect(store.lines()).toEqual(newest);
  });

  it('unsubscribes when following stops and when the page goes away', () => {
    store.configure(view());
    expectLogs().flush([]);
    store.configure(view({ follow: false }));
    expectLogs().flush([]);
    expect(socket.emitted.map((e) => e.event)).toEqual(['logs.subscribe', 'logs.unsubscribe']);
    expect(socket.listenerCount('car.logs')).toBe(0);

    store.configure(view({ tail: 100 }));
    expectLogs().flush([]);
    injector.destroy();
    expect(socket.emitted.map((e) => e.event)).toEqual([
      'logs.subscribe',
      'logs.unsubscribe',
      'logs.subscribe',
      'logs.unsubscribe',
    ]);
  });

  it('shows a refused subscription as an error but keeps the history', async () => {
    socket.ackWith = { ok: false, error: 'unknown car' };
    store.configure(view());
    const line = aLogLine();
    expectLogs().flush([line]);
    await Promise.resolve();
    expect(store.error()).toBe('unknown car');
    expect(store.lines()).toEqual([line]);
  });

  it('reports a missing logs endpoint without failing', () => {
    store.configure(view({ follow: false }));
    expectLogs().flush({ statusCode: 404, message: 'Not Found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    expect(store.error()).toBe('Not Found (ref c)');
  });
});
