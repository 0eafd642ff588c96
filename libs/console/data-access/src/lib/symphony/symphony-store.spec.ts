import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { SummaryResult } from '@fleet/shared/contracts';
import { SymphonyStore } from './symphony-store';

describe(SymphonyStore.name, () => {
  let http: HttpTestingController;
  let store: SymphonyStore;
  const notFound = { status: 404, statusText: 'Not Found' };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    store = createEnvironmentInjector([SymphonyStore], TestBed.inject(EnvironmentInjector)).get(SymphonyStore);
  });

  afterEach(() => http.verify());

  it('loads every Symphony list from /v1alpha2, each failing on its own', () => {
    store.loadAll();
    http.expectOne('/v1alpha2/solutions').flush([{ metadata: { name: 'fleet' }, spec: {} }]);
    http.expectOne('/v1alpha2/solutionversions').flush([]);
    http.expectOne('/v1alpha2/targets/registry').flush([]);
    http.expectOne('/v1alpha2/instances').flush({ statusCode: 404, message: 'Cannot GET', correlationId: 'c' }, notFound);
    expect(store.solutions.items().map((s) => s.metadata.name)).toEqual(['fleet']);
    expect(store.instances.error()).toBe('Cannot GET (ref c)');
    expect(store.targets.error()).toBeNull();
  });

  it('shows an instance summary, or that it has none yet', () => {
    store.showSummary('fleet-car-a');
    const req = http.expectOne((r) => r.url === '/v1alpha2/solutionversion/queue');
    expect(req.request.params.get('instance')).toBe('fleet-car-a');
    const result = { generation: '1', state: 2, summary: { targetCount: 1, successCount: 1 } } as SummaryResult;
    req.flush(result);
    expect(store.summary()).toEqual({ instance: 'fleet-car-a', status: 'ready', result });
    store.showSummary('fleet-car-b');
    http.expectOne((r) => r.url === '/v1alpha2/solutionversion/queue').flush({ statusCode: 404, message: 'x', correlationId: 'c' }, notFound);
    expect(store.summary()).toEqual({ instance: 'fleet-car-b', status: 'none' });
  });
});
