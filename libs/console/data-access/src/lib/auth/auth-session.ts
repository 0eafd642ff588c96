import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { roleAtLeast, type AuthUser, type LoginDto, type Role } from '@fleet/shared/contracts';
import { map, tap, type Observable } from 'rxjs';
import { AuthApi } from './auth-api';
import { SESSION_KEY, SESSION_STORAGE } from './session-storage';
import { readSession, type StoredSession } from './stored-session';

export const LOGIN_ROUTE = '/login';
/** setTimeout's limit (~24.8 days); tokens last at most 7 days, but a bad clock must not fire it at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type SessionEnd = 'expired' | 'logged-out';

/**
 * The signed-in user and their access token, kept in sessionStorage. The session ends at the token's
 * `expiresAt`, on logout, or when the API answers 401; then the console goes back to the login page.
 */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly storage = inject(SESSION_STORAGE);
  private readonly state = signal<StoredSession | null>(null);
  private readonly endState = signal<SessionEnd | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly user = computed<AuthUser | null>(() => this.state()?.user ?? null);
  readonly token = computed(() => this.state()?.accessToken ?? null);
  readonly isAuthenticated = computed(() => this.state() !== null);
  /** Why the last session ended; shown on the login page. */
  readonly ended = this.endState.asReadonly();

  constructor() {
    this.begin(readSession(this.storage?.getItem(SESSION_KEY) ?? null, Date.now()));
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** Whether the signed-in user has at least `role`; false when nobody is signed in. */
  can(role: Role): boolean {
    const user = this.user();
    return user !== null && roleAtLeast(user.role, role);
  }

  login(credentials: LoginDto): Observable<AuthUser> {
    return this.api.login(credentials).pipe(
      tap((session) => {
        this.storage?.setItem(SESSION_KEY, JSON.stringify(session));
        this.endState.set(null);
        this.begin(session);
      }),
      map((session) => session.user),
    );
  }

  logout(): void {
    this.end('logged-out');
    void this.router.navigateByUrl(LOGIN_ROUTE);
  }

  /** The token is no longer accepted: back to the login page, which returns here afterwards. */
  expire(): void {
    if (this.state() === null && this.router.url.startsWith(LOGIN_ROUTE)) return;
    this.end('expired');
    const returnUrl = this.router.url.startsWith(LOGIN_ROUTE) ? undefined : this.router.url;
    void this.router.navigate([LOGIN_ROUTE], { queryParams: returnUrl && returnUrl !== '/' ? { returnUrl } : {} });
  }

  private begin(session: StoredSession | null): void {
    clearTimeout(this.timer);
    this.state.set(session);
    if (!session) return;
    const remaining = Date.parse(session.expiresAt) - Date.now();
    this.timer = setTimeout(() => this.expire(), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
  }

  private end(reason: SessionEnd): void {
    clearTimeout(this.timer);
    this.storage?.removeItem(SESSION_KEY);
    this.state.set(null);
    this.endState.set(reason);
  }
}
