import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { provideRouter, Router } from '@angular/router';
import {
  aLoginResponse,
  FakeRealtimeSocket,
  MemoryStorage,
  provideConsoleAuth,
  SESSION_KEY,
  SESSION_STORAGE,
  SOCKET_FACTORY,
} from '@fleet/console/data-access';
import { aSummary } from '@fleet/console/testing';
import type { Role } from '@fleet/shared/contracts';
import { App } from './app';

@Component({ template: '' })
class Blank {}

describe(App.name, () => {
  let socket: FakeRealtimeSocket;
  let fixture: ComponentFixture<App>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
  const navLabels = () => Array.from(el().querySelectorAll('nav a')).map((a) => a.textContent?.trim());

  async function start(role: Role | null): Promise<void> {
    socket = new FakeRealtimeSocket();
    const storage = new MemoryStorage();
    if (role) storage.setItem(SESSION_KEY, JSON.stringify(aLoginResponse(role, 'ada')));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'login', component: Blank }]),
        provideConsoleAuth(),
        { provide: SESSION_STORAGE, useValue: storage },
        { provide: SOCKET_FACTORY, useValue: socket.factory },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    fixture = TestBed.createComponent(App);
    await fixture.whenStable();
  }

  it('shows the toolbar with the user, their role and the sections they may open', async () => {
    await start('operator');
    expect(el().querySelector('mat-toolbar')?.textContent).toContain('Fleet OTA console');
    expect(byTestId('user-name')).toBe('ada');
    expect(byTestId('user-role')).toBe('operator');
    expect(navLabels()).toEqual(['directions_carCars', 'hubSymphony', 'stairsRollouts', 'receipt_longAudit']);
    expect(el().querySelector('[data-testid^="nav-unavailable-"]')).toBeNull();
  });

  it('gives an admin the user and API key pages', async () => {
    await start('admin');
    expect(navLabels()).toEqual(['directions_carCars', 'hubSymphony', 'stairsRollouts', 'receipt_longAudit', 'groupUsers', 'keyAPI keys']);
  });

  it('shows no toolbar and opens no socket while signed out', async () => {
    await start(null);
    expect(el().querySelector('mat-toolbar')).toBeNull();
    expect(socket.connectCalls).toBe(0);
  });

  it('connects the realtime socket and shows its state and the fleet summary', async () => {
    await start('viewer');
    const indicator = () => el().querySelector('fleet-connection-indicator')?.getAttribute('data-status');
    expect(socket.connectCalls).toBe(1);
    expect(indicator()).toBe('connecting');
    socket.fire('connect');
    socket.serverSends('fleet.summary', aSummary({ total: 17 }));
    await fixture.whenStable();
    expect(indicator()).toBe('connected');
    expect(byTestId('summary-total')).toBe('17');
  });

  it('signs out from the toolbar', async () => {
    await start('viewer');
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness.with({ selector: '[data-testid="logout"]' }))).click();
    await fixture.whenStable();
    expect(el().querySelector('mat-toolbar')).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  describe('emergency stop', () => {
    const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
    const button = (id: string) => root().getHarness(MatButtonHarness.with({ selector: `[data-testid="${id}"]` }));

    it('is in the toolbar for operators and admins, not for viewers', async () => {
      await start('viewer');
      expect(byTestId('emergency-stop')).toBeUndefined();
      TestBed.resetTestingModule();
      await start('operator');
      expect(byTestId('emergency-stop')).toBe('emergencyStop rollouts');
    });

    it('lets an operator freeze every rollout but not revert them', async () => {
      await start('operator');
      await (await button('emergency-stop')).click();
      const [, revert] = await (await root().getHarness(MatRadioGroupHarness)).getRadioButtons();
      expect(await revert.isDisabled()).toBe(true);
      await (await button('emergency-stop-confirm')).click();
      const req = TestBed.inject(HttpTestingController).expectOne('/api/rollouts/emergency-stop');
      expect(req.request.body).toEqual({ mode: 'freeze' });
      req.flush({ mode: 'freeze', rollouts: [{ id: 'r1', status: 'frozen' }, { id: 'r2', status: 'frozen' }] });
      await fixture.whenStable();
      expect(document.body.textContent).toContain('Emergency stop (freeze): 2 rollouts stopped');
    });

    it('lets an admin freeze and revert, and shows a refusal', async () => {
      await start('admin');
      await (await button('emergency-stop')).click();
      await (await root().getHarness(MatRadioGroupHarness)).checkRadioButton({ label: /Freeze and revert/ });
      await (await button('emergency-stop-confirm')).click();
      const req = TestBed.inject(HttpTestingController).expectOne('/api/rollouts/emergency-stop');
      expect(req.request.body).toEqual({ mode: 'freeze-and-revert' });
      req.flush({ statusCode: 403, message: 'freeze-and-revert needs the admin role', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
      await fixture.whenStable();
      expect(document.body.textContent).toContain('freeze-and-revert needs the admin role (ref c)');
    });
  });
});
