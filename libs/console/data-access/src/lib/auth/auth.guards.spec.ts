import { provideHttpClient } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Role } from '@fleet/shared/contracts';
import { authGuard, guestGuard, roleGuard } from './auth.guards';
import { SESSION_KEY, SESSION_STORAGE } from './session-storage';
import { aLoginResponse, MemoryStorage } from './testing';

@Component({ template: '' })
class Blank {}

describe('auth guards', () => {
  async function visit(url: string, role: Role | null): Promise<string> {
    const storage = new MemoryStorage();
    if (role) storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse(role)));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        { provide: SESSION_STORAGE, useValue: storage },
        provideRouter([
          { path: 'login', component: Blank, canActivate: [guestGuard] },
          {
            path: '',
            canActivateChild: [authGuard],
            children: [
              { path: 'cars', component: Blank },
              { path: 'admin/users', component: Blank, canActivate: [roleGuard('admin')] },
            ],
          },
        ]),
      ],
    });
    const router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    return router.url;
  }

  it('sends a signed-out visitor to the login page with the way back', async () => {
    expect(await visit('/cars', null)).toBe('/login?returnUrl=%2Fcars');
  });

  it('lets a signed-in user in and keeps them off the login page', async () => {
    expect(await visit('/cars', 'viewer')).toBe('/cars');
    TestBed.resetTestingModule();
    expect(await visit('/login', 'viewer')).toBe('/cars');
  });

  it('keeps the admin pages for admins', async () => {
    expect(await visit('/admin/users', 'operator')).toBe('/cars');
    TestBed.resetTestingModule();
    expect(await visit('/admin/users', 'admin')).toBe('/admin/users');
  });
});
