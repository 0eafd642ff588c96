import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { AuthUser } from '@fleet/shared/contracts';
import { authInterceptor } from './auth.interceptor';
import { AuthSession } from './auth-session';
import { SESSION_KEY, SESSION_STORAGE } from './session-storage';
import { aLoginResponse, MemoryStorage } from './testing';

@Component({ template: '' })
class Blank {}

describe(AuthSession.name, () => {
  let storage: MemoryStorage;
  let http: HttpTestingController;

  function setUp(): AuthSession {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Blank },
          { path: 'cars/:id', component: Blank },
        ]),
        { provide: SESSION_STORAGE, useValue: storage },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthSession);
  }

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('signs in, keeps the token in sessionStorage and knows the role', () => {
    const session = setUp();
    let user: AuthUser | undefined;
    session.login({ username: 'olga', password: 'secret-password' }).subscribe((u) => (user = u));
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'olga', password: 'secret-password' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(aLoginResponse('operator', 'olga'));
    expect(user).toEqual({ username: 'olga', role: 'operator' });
    expect(session.token()).toBe('token-of-olga');
    expect([session.can('viewer'), session.can('operator'), session.can('admin')]).toEqual([true, true, false]);
    expect(JSON.parse(storage.getItem(SESSION_KEY) ?? '{}').accessToken).toBe('token-of-olga');
  });

  it('restores the session of this tab after a reload', () => {
    storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse('viewer', 'vic')));
    const session = setUp();
    expect(session.user()).toEqual({ username: 'vic', role: 'viewer' });
    expect(session.can('operator')).toBe(false);
  });

  it('logs out: forgets the token and goes to the login page', async () => {
    storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse()));
    const session = setUp();
    session.logout();
    await TestBed.inject(Router).navigated;
    await new Promise((r) => setTimeout(r));
    expect(session.isAuthenticated()).toBe(false);
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(session.ended()).toBe('logged-out');
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('ends by itself when the token expires, remembering where the user was', async () => {
    const soon = { ...aLoginResponse(), expiresAt: new Date(Date.now() + 300).toISOString() };
    storage.setItem(SESSION_KEY, JSON.stringify(soon));
    const session = setUp();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/cars/c1');
    expect(session.isAuthenticated()).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(session.isAuthenticated()).toBe(false);
    expect(session.ended()).toBe('expired');
    expect(router.url).toBe('/login?returnUrl=%2Fcars%2Fc1');
  });
});
