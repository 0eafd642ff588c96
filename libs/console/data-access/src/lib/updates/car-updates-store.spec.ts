import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aBulkResponse, aCar, aHistoryEntry, anAccepted, aPage, aRefusal } from '@fleet/console/testing';
import type { BulkUpdateResponse, UpdateHistoryEntry } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { CarUpdatesStore, HISTORY_REFRESH_MS } from './car-updates-store';

describe(CarUpdatesStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: CarUpdatesStore;
  const history = (id = 'a'): TestRequest => http.expectOne((req) => req.url === `/api/cars/${id}/history`);

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    store = createEnvironmentInjector([CarUpdatesStore], TestBed.inject(EnvironmentInjector)).get(CarUpdatesStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('loads the newest page of the history', () => {
    store.load('a');
    const req = history();
    expect(req.request.params.get('page')).toBe('1');
    const entries = [aHistoryEntry({ carId: 'a', result: 'succeeded' }), aHistoryEntry({ carId: 'a', kind: 'rollback' })];
    req.flush(aPage(entries, { total: 7 }));
    expect(store.entries()).toEqual(entries);
    expect(store.total()).toBe(7);
  });

  it('requests an update and shows its entry at once', () => {
    store.load('a');
    history().flush(aPage([]));
    let accepted: UpdateHistoryEntry | undefined;
    store.update('1.2.4').subscribe((entry) => (accepted = entry));
    const post = http.expectOne('/api/cars/a/update');
    expect(post.request.body).toEqual({ version: '1.2.4' });
    const entry = aHistoryEntry({ carId: 'a' });
    post.flush(entry, { status: 202, statusText: 'Accepted' });
    expect(accepted).toEqual(entry);
    expect(store.entries()).toEqual([entry]);
  });

  it('hands a refused update to the caller with the API message', () => {
    store.load('a');
    history().flush(aPage([]));
    let status = 0;
    store.update('2.0.0').subscribe({ error: (e: { status: number }) => (status = e.status) });
    http.expectOne('/api/cars/a/update').flush(
      { statusCode: 422, message: 'car a (van) cannot run 2.0.0', correlationId: 'c' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    expect(status).toBe(422);
    expect(store.entries()).toEqual([]);
  });

  it('rolls back to the previous or a chosen version', () => {
    store.load('a');
    history().flush(aPage([]));
    let response: BulkUpdateResponse | undefined;
    store.rollback().subscribe((r) => (response = r));
    store.rollback('1.2.2').subscribe();
    const [previous, chosen] = http.match('/api/cars/rollback');
    expect(previous.request.body).toEqual({ carIds: ['a'] });
    expect(chosen.request.body).toEqual({ carIds: ['a'], toVersion: '1.2.2' });
    previous.flush(aBulkResponse([anAccepted('a', { kind: 'rollback', toVersion: '1.2.3' })]));
    chosen.flush(aBulkResponse([aRefusal('a', 'car a is driving')]));
    expect(response?.accepted).toBe(1);
    expect(store.entries().map((e) => [e.kind, e.toVersion])).toEqual([['rollback', '1.2.3']]);
  });

  it('reloads the history once after the car changes its update state or version', () => {
    jest.useFakeTimers();
    store.load('a');
    history().flush(aPage([]));
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a' })] });
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 30 })] });
    jest.advanceTimersByTime(HISTORY_REFRESH_MS);
    http.expectNone((req) => req.url === '/api/cars/a/history');
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', updateState: 'updating' })] });
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', updateState: 'succeeded', version: '1.2.4' })] });
    jest.advanceTimersByTime(HISTORY_REFRESH_MS);
    history().flush(aPage([aHistoryEntry({ carId: 'a', result: 'succeeded' })]));
    expect(store.entries()[0].result).toBe('succeeded');
  });

  it('explains a history the API does not offer', () => {
    store.load('a');
    history().flush({ statusCode: 404, message: 'Not Found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    expect(store.error()).toBe('No update history is available for this car');
  });
});
