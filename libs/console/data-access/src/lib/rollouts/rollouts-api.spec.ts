import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RolloutsApi } from './rollouts-api';

describe(RolloutsApi.name, () => {
  let api: RolloutsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(RolloutsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists rollouts, all or of one status, a page at a time', () => {
    api.list().subscribe();
    api.list({ status: 'running', page: 2, pageSize: 20 }).subscribe();
    const [all, running] = http.match((req) => req.url === '/api/rollouts');
    expect(all.request.params.keys()).toEqual([]);
    expect(running.request.params.get('status')).toBe('running');
    expect(running.request.params.get('page')).toBe('2');
    expect(running.request.params.get('pageSize')).toBe('20');
  });

  it("pages a rollout's cars, by stage, bucket and car-id text", () => {
    api.cars('r1', { stage: 0, bucket: 'interrupted', q: 'mun', page: 3, pageSize: 500 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/rollouts/r1/cars');
    expect(req.request.params.get('stage')).toBe('0');
    expect(req.request.params.get('bucket')).toBe('interrupted');
    expect(req.request.params.get('q')).toBe('mun');
    expect(req.request.params.get('page')).toBe('3');
    expect(req.request.params.get('pageSize')).toBe('500');
  });

  it('sends commands, a scheduled start and the emergency stop to their routes', () => {
    api.command('a b', 'next-stage').subscribe();
    api.start('r1', '2026-12-01T22:00:00.000Z').subscribe();
    api.start('r2').subscribe();
    api.emergencyStop('freeze').subscribe();
    api.createStaged({ version: '1.2.4', regions: ['munich', 'berlin'], successWindowSeconds: 60 }).subscribe();
    expect(http.expectOne('/api/rollouts/a%20b/next-stage').request.method).toBe('POST');
    expect(http.expectOne('/api/rollouts/r1/start').request.body).toEqual({ at: '2026-12-01T22:00:00.000Z' });
    expect(http.expectOne('/api/rollouts/r2/start').request.body).toEqual({});
    expect(http.expectOne('/api/rollouts/emergency-stop').request.body).toEqual({ mode: 'freeze' });
    expect(http.expectOne('/api/cars/staged-rollout').request.body.regions).toEqual(['munich', 'berlin']);
  });
});
