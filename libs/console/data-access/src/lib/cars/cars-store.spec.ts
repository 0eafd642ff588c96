import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { aCar, aPage, aSummary } from '@fleet/console/testing';
import type { CarView } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { CARS_PAGE_SIZE, CarsStore, FILTER_DEBOUNCE_MS } from './cars-store';

describe(CarsStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: CarsStore;

  const expectList = (): TestRequest => http.expectOne((req) => req.url === '/api/cars' && req.method === 'GET');
  const ids = () => store.cars().map((car) => car.id);

  function startWith(items: CarView[], total = items.length): void {
    store.start();
    expectList().flush(aPage(items, { total }));
  }

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(CarsStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('loads the first page without empty filter params', () => {
    store.start();
    const req = expectList();
    expect(req.request.params.get('page')).toBe('1');
    expect(req.request.params.get('pageSize')).toBe(String(CARS_PAGE_SIZE));
    expect(req.request.params.has('region')).toBe(false);
    req.flush(aPage([aCar({ id: 'a' }), aCar({ id: 'b' })]));
    expect(ids()).toEqual(['a', 'b']);
    expect(store.total()).toBe(2);
    expect(store.loading()).toBe(false);
  });

  it('updates a loaded car in place when it changes', () => {
    startWith([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', vehicleState: 'driving', speedKmh: 50 })] });
    expect(ids()).toEqual(['a', 'b']);
    expect(store.cars()[0]).toMatchObject({ id: 'a', display: 'ok', speedKmh: 50 });
    expect(store.total()).toBe(2);
  });

  it('merges the events of one animation frame: the first at once, the rest (latest view per car) at the next frame', () => {
    jest.useFakeTimers();
    startWith([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    const versions: (CarView[] | undefined)[] = [];
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 10 })] });
    versions.push(store.cars());
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 20 })] });
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 30 }), aCar({ id: 'b', vehicleState: 'driving' })] });
    expect(store.cars().map((car) => car.speedKmh)).toEqual([10, 0]);
    expect(store.cars()).toBe(versions[0]);

    jest.advanceTimersToNextFrame();
    expect(store.cars().map((car) => [car.id, car.speedKmh, car.vehicleState])).toEqual([
      ['a', 30, 'parked'],
      ['b', 0, 'driving'],
    ]);
    // A frame without events ends the merging: the next event is applied at once again.
    jest.advanceTimersToNextFrame();
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 40 })] });
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'b', speedKmh: 50 })] });
    expect(store.cars().map((car) => car.speedKmh)).toEqual([40, 0]);
    jest.advanceTimersToNextFrame();
    expect(store.cars().map((car) => car.speedKmh)).toEqual([40, 50]);
  });

  it('does not bring back a removed car with a view still waiting for the frame', () => {
    jest.useFakeTimers();
    startWith([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', speedKmh: 10 })] });
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'b', speedKmh: 20 })] });
    socket.serverSends('cars.removed', { ids: ['b'] });
    jest.advanceTimersToNextFrame();
    expect(ids()).toEqual(['a']);
    expect(store.total()).toBe(1);
  });

  it('adds a new car that matches the filter and counts it', () => {
    startWith([aCar({ id: 'a' })]);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'new', connection: 'starting' })] });
    expect(ids()).toEqual(['a', 'new']);
    expect(store.total()).toBe(2);
  });

  it('drops a loaded car that no longer matches the status filter', () => {
    jest.useFakeTimers();
    store.start();
    expectList().flush(aPage([]));
    store.setFilter({ status: 'parked' });
    jest.advanceTimersByTime(FILTER_DEBOUNCE_MS);
    expectList().flush(aPage([aCar({ id: 'a' }), aCar({ id: 'b' })]));
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', vehicleState: 'driving' })] });
    expect(ids()).toEqual(['b']);
    expect(store.total()).toBe(1);
  });

  it('leaves an older car alone while later pages are not loaded', () => {
    startWith([aCar({ id: 'a' })], 500);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'far', createdAt: '2000-01-01T00:00:00.000Z' })] });
    expect(ids()).toEqual(['a']);
    expect(store.total()).toBe(500);
  });

  it('removes cars and lowers the total', () => {
    startWith([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    socket.serverSends('cars.removed', { ids: ['a', 'not-loaded'] });
    expect(ids()).toEqual(['b']);
    expect(store.total()).toBe(1);
  });

  it('reloads once with the settled filter as query params', () => {
    jest.useFakeTimers();
    startWith([aCar({ id: 'a' })]);
    store.setFilter({ search: 'ab' });
    store.setFilter({ search: ' abc ', region: 'berlin', status: 'failed' });
    jest.advanceTimersByTime(FILTER_DEBOUNCE_MS);
    const req = expectList();
    expect(req.request.params.get('search')).toBe('abc');
    expect(req.request.params.get('region')).toBe('berlin');
    expect(req.request.params.get('status')).toBe('failed');
    req.flush(aPage([]));
    expect(store.filter()).toEqual({ search: 'abc', region: 'berlin', status: 'failed' });
    expect(ids()).toEqual([]);
  });

  it('reloads every loaded page after the socket reconnects', () => {
    store.start();
    socket.fire('connect');
    const first = Array.from({ length: CARS_PAGE_SIZE }, (_, i) => aCar({ id: `c${i}` }));
    expectList().flush(aPage(first, { total: CARS_PAGE_SIZE + 1 }));
    store.loadMore();
    expectList().flush(aPage([aCar({ id: 'last' })], { page: 2, total: CARS_PAGE_SIZE + 1 }));

    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    const reloads = http.match((req) => req.url === '/api/cars');
    expect(reloads.map((req) => req.request.params.get('page'))).toEqual(['1', '2']);
    reloads[0].flush(aPage(first.slice(1), { total: CARS_PAGE_SIZE }));
    reloads[1].flush(aPage([aCar({ id: 'last' })], { page: 2, total: CARS_PAGE_SIZE }));
    expect(store.cars()).toHaveLength(CARS_PAGE_SIZE);
    expect(ids()).not.toContain('c0');
  });

  it('reports an unreachable API and keeps the shell usable', () => {
    store.start();
    expectList().error(new ProgressEvent('error'), { status: 0 });
    expect(store.error()).toBe('API unreachable');
    expect(store.cars()).toEqual([]);
    store.reload();
    expectList().flush(aPage([aCar({ id: 'a' })]));
    expect(store.error()).toBeNull();
  });

  it('shows created cars as soon as the API answers', () => {
    startWith([aCar({ id: 'a' })], 1);
    let created: CarView[] = [];
    store.createBatch({ region: 'munich', count: 2 }).subscribe((cars) => (created = cars));
    const req = http.expectOne('/api/cars/batch');
    expect(req.request.body).toEqual({ region: 'munich', count: 2 });
    const starting = [aCar({ id: 'n1', connection: 'starting' }), aCar({ id: 'n2', connection: 'starting' })];
    req.flush(starting);
    expect(created).toHaveLength(2);
    expect(store.cars().map((car) => [car.id, car.display])).toEqual([
      ['a', 'parked'],
      ['n1', 'offline'],
      ['n2', 'offline'],
    ]);
    expect(store.total()).toBe(3);
  });

  it('does not count a car twice when the live event precedes the API answer', () => {
    startWith([], 0);
    store.createBatch({ region: 'munich', count: 1 }).subscribe();
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'n1', connection: 'online' })] });
    http.expectOne('/api/cars/batch').flush([aCar({ id: 'n1', connection: 'starting' })]);
    expect(ids()).toEqual(['n1']);
    expect(store.total()).toBe(1);
  });

  it('applies the answer of a state change and of a delete', () => {
    startWith([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    store.setVehicleState('a', 'driving').subscribe();
    const put = http.expectOne('/api/cars/a/state');
    expect(put.request.body).toEqual({ state: 'driving' });
    put.flush(aCar({ id: 'a', vehicleState: 'driving' }));
    expect(store.cars()[0].display).toBe('ok');
    store.remove('b').subscribe();
    http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/cars/b').flush(null, { status: 204, statusText: 'No Content' });
    expect(ids()).toEqual(['a']);
  });

  it('takes the exact total from the fleet summary while pages are missing', () => {
    startWith([aCar({ id: 'a' })], 10);
    socket.serverSends('fleet.summary', aSummary({ total: 12 }));
    expect(store.total()).toBe(12);
    expect(store.hasMore()).toBe(true);
  });
});
