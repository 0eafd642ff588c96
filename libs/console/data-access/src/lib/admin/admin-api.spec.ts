import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AdminApi } from './admin-api';

describe(AdminApi.name, () => {
  let api: AdminApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AdminApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('speaks the users, API keys and audit routes', () => {
    api.createUser({ username: 'vic', password: 'p'.repeat(10), role: 'viewer' }).subscribe();
    api.updateUser('vic', { role: 'operator' }).subscribe();
    api.deleteApiKey('k 1').subscribe();
    api.audit({ actor: 'ada', action: '', page: 2, pageSize: 50 }).subscribe();
    expect(http.expectOne('/api/users').request.method).toBe('POST');
    expect(http.expectOne('/api/users/vic').request.body).toEqual({ role: 'operator' });
    expect(http.expectOne('/api/api-keys/k%201').request.method).toBe('DELETE');
    const audit = http.expectOne((req) => req.url === '/api/audit');
    expect(audit.request.params.toString()).toBe('actor=ada&page=2&pageSize=50');
  });
});
