import { provideHttpClient } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RealtimeClient } from '../realtime/realtime-client';
import { SOCKET_FACTORY } from '../realtime/realtime-socket';
import { FakeRealtimeSocket } from '../testing/fake-realtime-socket';
import { AuthSession } from './auth-session';
import { provideConsoleAuth } from './provide-auth';
import { SESSION_KEY, SESSION_STORAGE } from './session-storage';
import { aLoginResponse, MemoryStorage } from './testing';

@Component({ template: '' })
class Blank {}

describe(provideConsoleAuth.name, () => {
  let socket: FakeRealtimeSocket;
  let session: AuthSession;

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    const storage = new MemoryStorage();
    storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse('viewer', 'vic')));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideRouter([{ path: 'login', component: Blank }]),
        { provide: SESSION_STORAGE, useValue: storage },
        { provide: SOCKET_FACTORY, useValue: socket.factory },
        provideConsoleAuth(),
      ],
    });
    session = TestBed.inject(AuthSession);
    TestBed.inject(RealtimeClient);
    TestBed.tick();
  });

  it('connects the socket with the token while signed in, and disconnects on logout', () => {
    expect(socket.connectCalls).toBe(1);
    let auth: object | null = null;
    (socket.options?.auth as (cb: (data: object) => void) => void)((data) => (auth = data));
    expect(auth).toEqual({ token: 'token-of-vic' });
    socket.fire('connect');
    session.logout();
    TestBed.tick();
    expect(socket.connected).toBe(false);
    expect(TestBed.inject(RealtimeClient).status()).toBe('disconnected');
  });

  it('ends the session when the gateway refuses the token', () => {
    socket.refuse(401, 'Token expired');
    expect(session.isAuthenticated()).toBe(false);
    expect(session.ended()).toBe('expired');
  });
});
