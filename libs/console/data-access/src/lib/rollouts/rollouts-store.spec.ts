import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aProgress, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Page } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { RealtimeClient } from '../realtime/realtime-client';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { LIST_REFRESH_MS, RolloutsStore, ROLLOUTS_PAGE_SIZE } from './rollouts-store';

function pageOf<T>(items: T[], total = items.length): Page<T> {
  return { items, total, page: 1, pageSize: ROLLOUTS_PAGE_SIZE };
}

describe(RolloutsStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: RolloutsStore;
  const list = (): TestRequest => http.expectOne((req) => req.url === '/api/rollouts');
  const running = (id: string) =>
    aRolloutView({ id, status: 'running', stages: [aStageView({ status: 'running', total: 2, counts: counts({ updating: 2 }) })] });

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(RealtimeClient).connect();
    socket.fire('connect');
    store = createEnvironmentInjector([RolloutsStore], TestBed.inject(EnvironmentInjector)).get(RolloutsStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('loads every rollout, or those of one status', () => {
    store.load();
    const items = [running('r1'), aRolloutView({ id: 'r2' })];
    list().flush(pageOf(items));
    expect(store.rollouts()).toEqual(items);
    store.setStatus('draft');
    expect(list().request.params.get('status')).toBe('draft');
  });

  it('loads one page at a time and keeps the total; a new filter starts again at page 1', () => {
    store.load();
    list().flush(pageOf([running('r1')], 120));
    expect(store.total()).toBe(120);
    store.setPage(3);
    const third = list();
    expect(third.request.params.get('page')).toBe('3');
    expect(third.request.params.get('pageSize')).toBe(String(ROLLOUTS_PAGE_SIZE));
    third.flush({ ...pageOf([running('r101')], 120), page: 3 });
    expect(store.page()).toBe(3);
    expect(store.rollouts().map((r) => r.id)).toEqual(['r101']);
    store.setStatus('running');
    expect(list().request.params.get('page')).toBe('1');
    expect(store.page()).toBe(1);
  });

  it('merges progress events into the rollouts it holds without asking the API', () => {
    jest.useFakeTimers();
    const view = running('r1');
    store.load();
    list().flush(pageOf([view]));
    const stages = [{ name: 'munich', status: 'succeeded' as const, total: 2, counts: counts({ succeeded: 2 }) }];
    socket.serverSends('rollout.progress', aProgress(view, { status: 'completed', stages }));
    jest.advanceTimersByTime(LIST_REFRESH_MS);
    http.expectNone('/api/rollouts');
    expect(store.rollouts()[0].status).toBe('completed');
    expect(store.rollouts()[0].stages[0].counts.succeeded).toBe(2);
  });

  it('reloads the list once for rollouts it does not hold yet', () => {
    jest.useFakeTimers();
    store.load();
    list().flush(pageOf([]));
    socket.serverSends('rollout.progress', aProgress(running('new-1')));
    socket.serverSends('rollout.progress', aProgress(running('new-2')));
    jest.advanceTimersByTime(LIST_REFRESH_MS);
    list().flush(pageOf([running('new-2'), running('new-1')]));
    expect(store.rollouts().map((r) => r.id)).toEqual(['new-2', 'new-1']);
  });

  it('reloads a filtered list when a rollout leaves the filter', () => {
    jest.useFakeTimers();
    store.setStatus('running');
    list().flush(pageOf([running('r1')]));
    socket.serverSends('rollout.progress', aProgress(running('r1'), { status: 'paused' }));
    jest.advanceTimersByTime(LIST_REFRESH_MS);
    expect(list().request.params.get('status')).toBe('running');
  });

  it('keeps the newer counters when the reload answers with older ones', () => {
    jest.useFakeTimers();
    store.load();
    list().flush(pageOf([]));
    const view = running('r1');
    socket.serverSends('rollout.progress', aProgress(view));
    jest.advanceTimersByTime(LIST_REFRESH_MS);
    const pending = list();
    socket.serverSends('rollout.progress', aProgress(view, { status: 'completed' }));
    pending.flush(pageOf([view]));
    expect(store.rollouts()[0].status).toBe('completed');
    // The second event came while the rollout was still unknown: one more reload follows.
    jest.advanceTimersByTime(LIST_REFRESH_MS);
    list().flush(pageOf([{ ...view, status: 'completed' }]));
  });

  it('reloads after the socket reconnects', () => {
    store.load();
    list().flush(pageOf([]));
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    list().flush(pageOf([running('r1')]));
    expect(store.rollouts()).toHaveLength(1);
  });
});
