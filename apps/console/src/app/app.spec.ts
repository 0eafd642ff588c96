import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeRealtimeSocket, SOCKET_FACTORY } from '@fleet/console/data-access';
import { aSummary } from '@fleet/console/testing';
import { App } from './app';

describe(App.name, () => {
  let socket: FakeRealtimeSocket;
  let fixture: ComponentFixture<App>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector(`[data-testid="${id}"]`)?.textContent?.trim();

  beforeEach(async () => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: SOCKET_FACTORY, useValue: socket.factory }],
    });
    fixture = TestBed.createComponent(App);
    await fixture.whenStable();
  });

  it('shows the toolbar title and the Cars section', () => {
    expect(el().querySelector('mat-toolbar')?.textContent).toContain('Fleet OTA console');
    expect(el().querySelector('nav a')?.textContent).toContain('Cars');
  });

  it('connects the realtime socket and shows its state', async () => {
    const indicator = () => el().querySelector('fleet-connection-indicator')?.getAttribute('data-status');
    expect(socket.options).not.toBeNull();
    expect(indicator()).toBe('connecting');
    socket.fire('connect');
    await fixture.whenStable();
    expect(indicator()).toBe('connected');
  });

  it('shows the fleet summary counters live', async () => {
    expect(byTestId('summary-total')).toBe('–');
    socket.serverSends('fleet.summary', aSummary({ total: 17 }));
    await fixture.whenStable();
    expect(byTestId('summary-total')).toBe('17');
  });
});
