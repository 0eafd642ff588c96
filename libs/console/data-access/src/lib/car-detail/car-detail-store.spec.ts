import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { aCar, anExecutionState, aWorkload } from '@fleet/console/testing';
import type { CarStatus } from '@fleet/shared/contracts';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { CarDetailStore, WORKLOAD_REFRESH_MS } from './car-detail-store';

describe(CarDetailStore.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let store: CarDetailStore;
  const notFound = { status: 404, statusText: 'Not Found' };
  const notFoundBody = { statusCode: 404, message: 'car x not found', correlationId: 'c' };

  function answerWorkloads(id: string, workloads = [aWorkload()], status?: Partial<CarStatus>): void {
    http.expectOne(`/api/cars/${id}/workloads`).flush(workloads);
    const req = http.expectOne(`/api/cars/${id}/status`);
    if (status) req.flush({ ...aCar({ id }), workloadStatesAt: null, workloadStates: [], ...status });
    else req.flush(notFoundBody, notFound);
  }

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    store = createEnvironmentInjector([CarDetailStore], TestBed.inject(EnvironmentInjector)).get(CarDetailStore);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('loads the car, its workloads and their health', () => {
    store.load('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a' }));
    const workload = aWorkload({ name: 'nav' });
    answerWorkloads('a', [workload], {
      workloadStates: [{ name: 'nav', instanceId: 'i', executionState: anExecutionState(), display: 'Running(Ok)', health: 'healthy' }],
    });
    expect(store.status()).toBe('ready');
    expect(store.car()?.id).toBe('a');
    expect(store.workloads()).toEqual([workload]);
    expect(store.health()).toEqual({ nav: 'healthy' });
  });

  it('says not found for an unknown car without asking for its workloads', () => {
    store.load('x');
    http.expectOne('/api/cars/x').flush(notFoundBody, notFound);
    expect(store.status()).toBe('not-found');
    expect(store.error()).toBe('car x not found (ref c)');
  });

  it('explains workloads the API cannot list yet', () => {
    store.load('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a' }));
    http.expectOne('/api/cars/a/workloads').flush(notFoundBody, notFound);
    http.expectOne('/api/cars/a/status').flush(notFoundBody, notFound);
    expect(store.status()).toBe('ready');
    expect(store.workloadsError()).toBe('Workloads are not available for this car');
    expect(store.health()).toEqual({});
  });

  it('follows live changes and refreshes workloads when their summary changes', () => {
    jest.useFakeTimers();
    store.load('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a' }));
    answerWorkloads('a');
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'b' }), aCar({ id: 'a', version: '1.2.4' })] });
    expect(store.car()?.version).toBe('1.2.4');
    jest.advanceTimersByTime(WORKLOAD_REFRESH_MS);
    answerWorkloads('a', [aWorkload({ version: '1.2.4' })]);
    expect(store.workloads()[0].version).toBe('1.2.4');
  });

  it('marks the car removed when the fleet drops it', () => {
    store.load('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a' }));
    answerWorkloads('a');
    socket.serverSends('cars.removed', { ids: ['a'] });
    expect(store.status()).toBe('removed');
  });
});
