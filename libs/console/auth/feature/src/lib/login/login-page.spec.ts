import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { aLoginResponse, authInterceptor, AuthSession, MemoryStorage, SESSION_STORAGE } from '@fleet/console/data-access';
import { LoginPage } from './login-page';

@Component({ template: '' })
class Blank {}

describe(LoginPage.name, () => {
  let fixture: ComponentFixture<LoginPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const input = (id: string) => loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${id}"]` }));
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  async function signIn(username: string, password: string): Promise<void> {
    await (await input('login-username')).setValue(username);
    await (await input('login-password')).setValue(password);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="login-submit"]' }))).click();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'cars/:id', component: Blank }]),
        { provide: SESSION_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPage);
    fixture.componentRef.setInput('returnUrl', '/cars/c7');
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('signs in and goes back to the page it came from', async () => {
    await signIn(' ada ', 'correct horse battery');
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'ada', password: 'correct horse battery' });
    req.flush(aLoginResponse('admin', 'ada'));
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    expect(TestBed.inject(AuthSession).user()).toEqual({ username: 'ada', role: 'admin' });
    expect(TestBed.inject(Router).url).toBe('/cars/c7');
  });

  it('says so when the password is wrong and clears it', async () => {
    await signIn('ada', 'wrong');
    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Invalid credentials', correlationId: 'c' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(text()).toContain('Wrong username or password');
    expect(await (await input('login-password')).getValue()).toBe('');
    expect(TestBed.inject(AuthSession).isAuthenticated()).toBe(false);
  });

  it('does not send an empty form', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="login-submit"]' }))).click();
    await fixture.whenStable();
    expect(text()).toContain('Username is required');
    http.expectNone('/api/auth/login');
  });
});
