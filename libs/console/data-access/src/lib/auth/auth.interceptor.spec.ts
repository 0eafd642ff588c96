import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthSession } from './auth-session';
import { SESSION_KEY, SESSION_STORAGE } from './session-storage';
import { aLoginResponse, MemoryStorage } from './testing';

@Component({ template: '' })
class Blank {}

describe('authInterceptor', () => {
  let storage: MemoryStorage;
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    storage = new MemoryStorage();
    storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse('operator', 'olga')));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Blank },
          { path: 'cars', component: Blank },
        ]),
        { provide: SESSION_STORAGE, useValue: storage },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/cars?region=munich');
  });

  afterEach(() => backend.verify());

  it('sends the bearer token to the API and to the Symphony routes', () => {
    http.get('/api/cars').subscribe();
    http.get('/v1alpha2/solutions').subscribe();
    for (const url of ['/api/cars', '/v1alpha2/solutions']) {
      expect(backend.expectOne(url).request.headers.get('Authorization')).toBe('Bearer token-of-olga');
    }
  });

  it('keeps the token away from other hosts and from the login call', () => {
    http.get('https://example.org/x').subscribe();
    http.post('/api/auth/login', {}).subscribe();
    expect(backend.expectOne('https://example.org/x').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('ends the session on 401 and returns to the login page with the return URL', async () => {
    let status = 0;
    http.get('/api/cars').subscribe({ error: (e: { status: number }) => (status = e.status) });
    backend
      .expectOne('/api/cars')
      .flush({ statusCode: 401, message: 'Token expired', correlationId: 'c' }, { status: 401, statusText: 'Unauthorized' });
    await new Promise((r) => setTimeout(r));
    expect(status).toBe(401);
    expect(TestBed.inject(AuthSession).isAuthenticated()).toBe(false);
    expect(router.url).toBe('/login?returnUrl=%2Fcars%3Fregion%3Dmunich');
  });

  it('leaves the session alone on 403 and on a failed login', async () => {
    http.delete('/api/users/x').subscribe({ error: () => undefined });
    backend.expectOne('/api/users/x').flush({ statusCode: 403, message: 'admin only', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    http.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/login').flush({ statusCode: 401, message: 'Wrong', correlationId: 'c' }, { status: 401, statusText: 'Unauthorized' });
    await new Promise((r) => setTimeout(r));
    expect(TestBed.inject(AuthSession).isAuthenticated()).toBe(true);
    expect(router.url).toBe('/cars?region=munich');
  });
});
