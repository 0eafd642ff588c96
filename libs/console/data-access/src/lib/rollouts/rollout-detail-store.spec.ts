import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aProgress, aRolloutCar, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Page, RolloutView } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { RealtimeClient } from '../realtime/realtime-client';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { CARS_REFRESH_MS, ROLLOUT_CARS_LIMIT, RolloutDetailStore, VIEW_REFRESH_MS } from './rollout-detail-store';

function pageOf<T>(items: T[], total = items.length): Page<T> {
  return { items, total, page: 1, pageSize: ROLLOUT_CARS_LIMIT };
}

describe(RolloutDetailStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: RolloutDetailStore;
  const getView = (id = 'r1'): TestRequest => http.expectOne(`/api/rollouts/${id}`);
  const getCars = (id = 'r1'): TestRequest => http.expectOne((req) => req.url === `/api/rollouts/${id}/cars`);
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

  it('asks for the largest page of cars and keeps the total of all of them', () => {
    store.load('r1');
    getView().flush(running());
    const req = getCars();
    expect(req.request.params.get('pageSize')).toBe(String(ROLLOUT_CARS_LIMIT));
    req.flush(pageOf([aRolloutCar()], 1200));
    expect(store.cars()).toHaveLength(1);
    expect(store.carsTotal()).toBe(1200);
  });

  it('merges counters at once and fetches the cars once, throttled', () => {
    jest.useFakeTimers();
    loaded();
    const view = running();
    const soaking = aProgress(view, { stages: [{ name: 'munich', status: 'running', total: 2, counts: counts({ soaking: 2 }) }, aProgress(view).stages[1]] });
    const one = aProgress(view, { stages: [{ name: 'munich', status: 'running', total: 2, counts: counts({ soaking: 1, succeeded: 1 }) }, aProgress(view).stages[1]] });
    socket.serverSends('rollout.progress', soaking);
    expect(store.view()?.stages[0].counts.soaking).toBe(2);
    socket.serverSends('rollout.progress', one);
    expect(store.view()?.stages[0].counts.succeeded).toBe(1);
    jest.advanceTimersByTime(CARS_REFRESH_MS);
    getCars().flush(pageOf([aRolloutCar({ bucket: 'soaking' }), aRolloutCar({ bucket: 'succeeded' })]));
    http.expectNone('/api/rollouts/r1');
    expect(store.cars().map((c) => c.bucket)).toEqual(['soaking', 'succeeded']);
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
