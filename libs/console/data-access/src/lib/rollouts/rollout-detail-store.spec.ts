import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aProgress, aRolloutCar, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Page, RolloutView } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { RealtimeClient } from '../realtime/realtime-client';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { ROLLOUT_CARS_PAGE_SIZE } from './rollout-cars-query';
import { CARS_REFRESH_MS, CARS_SEARCH_DEBOUNCE_MS, RolloutDetailStore, VIEW_REFRESH_MS } from './rollout-detail-store';

function pageOf<T>(items: T[], total = items.length, page = 1): Page<T> {
  return { items, total, page, pageSize: ROLLOUT_CARS_PAGE_SIZE };
}

describe(RolloutDetailStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: RolloutDetailStore;
  const getView = (id = 'r1'): TestRequest => http.expectOne(`/api/rollouts/${id}`);
  const getCars = (id = 'r1'): TestRequest => http.expectOne((req) => req.url === `/api/rollouts/${id}/cars`);
  /** The query string of the one pending cars request, as the API gets it. */
  const carsParams = (id = 'r1'): { req: TestRequest; params: string } => {
    const req = getCars(id);
    return { req, params: req.request.params.toString() };
  };
  const running = (): RolloutView =>
    aRolloutView({
      id: 'r1',
      status: 'running',
      currentStage: 0,
      stages: [aStageView({ index: 0, name: 'munich', status: 'running', total: 2, counts: counts({ updating: 2 }) }), aStageView({ index: 1, name: 'berlin' })],
    });

  function loaded(view = running()): void {
    store.load(view.id);
    getView(view.id).flush(view);
    getCars(view.id).flush(pageOf([aRolloutCar({ bucket: 'updating' }), aRolloutCar({ bucket: 'updating' })]));
  }

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(RealtimeClient).connect();
    socket.fire('connect');
    store = createEnvironmentInjector([RolloutDetailStore], TestBed.inject(EnvironmentInjector)).get(RolloutDetailStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('loads the rollout and its cars', () => {
    loaded();
    expect(store.view()?.status).toBe('running');
    expect(store.cars().map((c) => c.bucket)).toEqual(['updating', 'updating']);
  });

  it('explains an unknown rollout', () => {
    store.load('nope');
    getView('nope').flush({ statusCode: 404, message: 'no rollout nope', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    getCars('nope').flush({ statusCode: 404, message: 'no rollout nope', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    expect(store.error()).toBe('There is no rollout nope');
  });

  it('asks the API for the first page of all cars and keeps the total of every match', () => {
    store.load('r1');
    getView().flush(running());
    const { req, params } = carsParams();
    expect(params).toBe(`page=1&pageSize=${ROLLOUT_CARS_PAGE_SIZE}`);
    expect(store.carsLoading()).toBe(true);
    req.flush(pageOf([aRolloutCar()], 10_000));
    expect(store.carsLoading()).toBe(false);
    expect(store.cars()).toHaveLength(1);
    expect(store.carsTotal()).toBe(10_000);
  });

  it('sends the stage, bucket and page as query parameters and starts again at page 1 when a filter changes', () => {
    loaded();
    store.pageCars(3, 100);
    let sent = carsParams();
    expect(sent.params).toBe('page=3&pageSize=100');
    sent.req.flush(pageOf([aRolloutCar()], 1_000, 3));
    expect(store.carsQuery()).toMatchObject({ page: 3, pageSize: 100 });

    store.filterCars({ stage: 1 });
    sent = carsParams();
    expect(sent.params).toBe('page=1&pageSize=100&stage=1');
    sent.req.flush(pageOf([aRolloutCar()], 400));
    store.pageCars(2, 100);
    carsParams().req.flush(pageOf([aRolloutCar()], 400, 2));

    store.filterCars({ bucket: 'failed' });
    expect(carsParams().params).toBe('page=1&pageSize=100&stage=1&bucket=failed');
    store.filterCars({ stage: null, bucket: 'waiting' });
    // The newer filter replaces the request still on its way.
    sent = carsParams();
    expect(sent.params).toBe('page=1&pageSize=100&bucket=waiting');
    sent.req.flush(pageOf([aRolloutCar({ bucket: 'waiting' })], 1));
    expect(store.carsQuery()).toEqual({ stage: null, bucket: 'waiting', q: '', page: 1, pageSize: 100 });

    store.filterCars({ bucket: 'waiting' });
    http.expectNone((req) => req.url === '/api/rollouts/r1/cars');
  });

  it('asks for a car-id text once typing rests, trimmed, from page 1', () => {
    jest.useFakeTimers();
    loaded();
    store.pageCars(2, 25);
    getCars().flush(pageOf([aRolloutCar()], 60, 2));
    store.searchCars('m');
    store.searchCars('mu');
    jest.advanceTimersByTime(CARS_SEARCH_DEBOUNCE_MS - 1);
    http.expectNone((req) => req.url === '/api/rollouts/r1/cars');
    store.searchCars('mun ');
    jest.advanceTimersByTime(CARS_SEARCH_DEBOUNCE_MS);
    expect(carsParams().params).toBe('page=1&pageSize=25&q=mun');
    store.searchCars('');
    jest.advanceTimersByTime(CARS_SEARCH_DEBOUNCE_MS);
    expect(carsParams().params).toBe('page=1&pageSize=25');
  });

  it('shows the last page when a refresh finds the shown one emptied', () => {
    jest.useFakeTimers();
    loaded();
    store.filterCars({ bucket: 'updating' });
    getCars().flush(pageOf([aRolloutCar()], 80));
    store.pageCars(4, 25);
    getCars().flush(pageOf([aRolloutCar()], 80, 4));
    const view = running();
    socket.serverSends('rollout.progress', aProgress(view, { stages: [{ name: 'munich', status: 'running', total: 2, counts: counts({ succeeded: 2 }), waitingReasons: [] }, aProgress(view).stages[1]] }));
    jest.advanceTimersByTime(CARS_REFRESH_MS);
    getCars().flush(pageOf([], 30, 4));
    const last = carsParams();
    expect(last.params).toBe('page=2&pageSize=25&bucket=updating');
    last.req.flush(pageOf([aRolloutCar({ carId: 'late' })], 30, 2));
    expect(store.cars().map((c) => c.carId)).toEqual(['late']);
    expect(store.carsQuery().page).toBe(2);
  });

  it("keeps the page and says why when the cars' request fails", () => {
    loaded();
    store.filterCars({ stage: 0 });
    getCars().flush({ statusCode: 500, message: 'boom', correlationId: 'c' }, { status: 500, statusText: 'Server Error' });
    expect(store.carsError()).toContain('boom');
    expect(store.carsLoading()).toBe(false);
    expect(store.cars()).toHaveLength(2);
    store.filterCars({ stage: 1 });
    getCars().flush(pageOf([]));
    expect(store.carsError()).toBeNull();
  });

  it('merges counters at once and fetches the shown page of cars once, throttled', () => {
    jest.useFakeTimers();
    loaded();
    store.filterCars({ stage: 0, bucket: 'soaking' });
    getCars().flush(pageOf([]));
    const view = running();
    const soaking = aProgress(view, { stages: [{ name: 'munich', status: 'running', total: 2, counts: counts({ soaking: 2 }), waitingReasons: [] }, aProgress(view).stages[1]] });
    const one = aProgress(view, { stages: [{ name: 'munich', status: 'running', total: 2, counts: counts({ soaking: 1, succeeded: 1 }), waitingReasons: [] }, aProgress(view).stages[1]] });
    socket.serverSends('rollout.progress', soaking);
    expect(store.view()?.stages[0].counts.soaking).toBe(2);
    socket.serverSends('rollout.progress', one);
    expect(store.view()?.stages[0].counts.succeeded).toBe(1);
    jest.advanceTimersByTime(CARS_REFRESH_MS - 1);
    http.expectNone((req) => req.url === '/api/rollouts/r1/cars');
    jest.advanceTimersByTime(1);
    const refresh = carsParams();
    expect(refresh.params).toBe('page=1&pageSize=25&stage=0&bucket=soaking');
    expect(store.carsLoading()).toBe(false);
    refresh.req.flush(pageOf([aRolloutCar({ bucket: 'soaking' }), aRolloutCar({ bucket: 'soaking' })]));
    http.expectNone('/api/rollouts/r1');
    expect(store.cars().map((c) => c.bucket)).toEqual(['soaking', 'soaking']);
  });

  it('asks at most once a second for the cars however many events arrive', () => {
    jest.useFakeTimers();
    loaded();
    const view = running();
    const progress = (succeeded: number) =>
      aProgress(view, { at: new Date(Date.UTC(2026, 10, 26, 10, 0, 0, succeeded)).toISOString(), stages: [{ name: 'munich', status: 'running', total: 2_000, counts: counts({ succeeded, updating: 2_000 - succeeded }), waitingReasons: [] }, aProgress(view).stages[1]] });
    let requests = 0;
    for (let tick = 1; tick <= 30; tick++) {
      socket.serverSends('rollout.progress', progress(tick));
      jest.advanceTimersByTime(100);
      for (const req of http.match((r) => r.url === '/api/rollouts/r1/cars')) {
        requests++;
        req.flush(pageOf([]));
      }
    }
    expect(store.view()?.stages[0].counts.succeeded).toBe(30);
    expect(requests).toBe(3);
  });

  it('fetches the full view again when a stage or the rollout changes status', () => {
    jest.useFakeTimers();
    loaded();
    const view = running();
    socket.serverSends('rollout.progress', aProgress(view, { status: 'completed' }));
    expect(store.view()?.status).toBe('completed');
    jest.advanceTimersByTime(VIEW_REFRESH_MS);
    getView().flush({ ...view, status: 'completed', finishedAt: '2026-11-26T10:05:00.000Z' });
    expect(store.view()?.finishedAt).toBe('2026-11-26T10:05:00.000Z');
    jest.advanceTimersByTime(CARS_REFRESH_MS);
    getCars().flush(pageOf([]));
  });

  it('ignores other rollouts and older events', () => {
    loaded();
    const view = running();
    socket.serverSends('rollout.progress', aProgress(aRolloutView({ id: 'r9' }), { status: 'failed' }));
    socket.serverSends('rollout.progress', aProgress(view, { status: 'running', at: '2026-11-26T11:00:00.000Z', reason: 'newer' }));
    socket.serverSends('rollout.progress', aProgress(view, { status: 'running', at: '2026-11-26T10:59:00.000Z', reason: 'older' }));
    expect(store.view()?.reason).toBe('newer');
  });

  it('shows the answer of a command at once and refreshes the cars', () => {
    jest.useFakeTimers();
    loaded();
    let answered: RolloutView | undefined;
    store.command('pause').subscribe((view) => (answered = view));
    const req = http.expectOne('/api/rollouts/r1/pause');
    expect(req.request.method).toBe('POST');
    req.flush({ ...running(), status: 'paused', reason: 'paused by olga' });
    expect(answered?.status).toBe('paused');
    expect(store.view()?.reason).toBe('paused by olga');
    jest.advanceTimersByTime(CARS_REFRESH_MS);
    getCars().flush(pageOf([]));
  });

  it('hands a refused command to the caller and keeps the view', () => {
    loaded();
    let status = 0;
    store.command('next-stage').subscribe({ error: (e: { status: number }) => (status = e.status) });
    http
      .expectOne('/api/rollouts/r1/next-stage')
      .flush({ statusCode: 409, message: 'no stage is left to start', correlationId: 'c' }, { status: 409, statusText: 'Conflict' });
    expect(status).toBe(409);
    expect(store.view()?.status).toBe('running');
  });

  it('loads everything again after the socket reconnects', () => {
    loaded();
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    getView().flush(running());
    getCars().flush(pageOf([]));
    expect(store.cars()).toEqual([]);
  });
});
