import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { aBulkResponse, aCar, aFleetVersion, anAccepted, aHistoryEntry, aLogLine, anExecutionState, aPage, aWorkload } from '@fleet/console/testing';
import { CarStatusHarness, ExecutionStateHarness } from '@fleet/console/ui';
import type { Role } from '@fleet/shared/contracts';
import { pageTestProviders, settle } from '../testing';
import { CarDetailPage } from './car-detail-page';

describe(CarDetailPage.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let fixture: ComponentFixture<CarDetailPage>;
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  async function open(id: string): Promise<void> {
    fixture = TestBed.createComponent(CarDetailPage);
    fixture.componentRef.setInput('id', id);
    await fixture.whenStable();
  }

  function setUp(role: Role = 'operator'): void {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, role) });
    http = TestBed.inject(HttpTestingController);
  }

  /** Opens car `id` and answers its requests: the car, no workloads, the given history, no logs. */
  async function openLoaded(id: string, car = aCar({ id }), history = [aHistoryEntry({ carId: id, result: 'succeeded' })]): Promise<void> {
    await open(id);
    http.expectOne(`/api/cars/${id}`).flush(car);
    http.expectOne(`/api/cars/${id}/workloads`).flush([]);
    http.expectOne(`/api/cars/${id}/status`).flush({ statusCode: 404, message: 'x', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    http.expectOne((req) => req.url === `/api/cars/${id}/history`).flush(aPage(history));
    await settle(fixture);
    http.expectOne((req) => req.url === `/api/cars/${id}/logs`).flush([]);
    await settle(fixture);
  }

  const button = (id: string) => MatButtonHarness.with({ selector: `[data-testid="${id}"]` });
  const historyRows = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="history-row"]'));

  afterEach(() => http.verify());

  it('shows the car, its workloads and its logs, and unsubscribes on leave', async () => {
    setUp();
    await open('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a', updateState: 'failed', restarts: 2 }));
    http.expectOne('/api/cars/a/workloads').flush([aWorkload({ name: 'nav', executionState: anExecutionState('Failed', 'Lost') })]);
    http.expectOne('/api/cars/a/status').flush({ statusCode: 404, message: 'Not Found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    http.expectOne((req) => req.url === '/api/cars/a/history').flush(aPage([]));
    await settle(fixture);
    http.expectOne((req) => req.url === '/api/cars/a/logs').flush([aLogLine({ carId: 'a', message: 'hello from nav' })]);
    await settle(fixture);

    const loader = TestbedHarnessEnvironment.loader(fixture);
    expect(await (await loader.getHarness(CarStatusHarness)).getLabel()).toBe('Failed');
    const state = await loader.getHarness(ExecutionStateHarness);
    expect([await state.getText(), await state.getTone()]).toEqual(['Failed(Lost)', 'failed']);
    expect((await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['name'].text).toEqual(['nav']);
    expect(text()).toContain('hello from nav');
    expect(socket.emitted).toContainEqual({ event: 'logs.subscribe', payload: { carId: 'a' } });

    fixture.destroy();
    expect(socket.emitted).toContainEqual({ event: 'logs.unsubscribe', payload: { carId: 'a' } });
  });

  it('says so when the car does not exist', async () => {
    setUp();
    await open('ghost');
    http.expectOne('/api/cars/ghost').flush({ statusCode: 404, message: 'car ghost not found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    http.expectOne((req) => req.url === '/api/cars/ghost/history').flush({ statusCode: 404, message: 'x', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text()).toContain('Car ghost does not exist.');
  });

  it('updates the car to a chosen version and shows the request in the history', async () => {
    setUp();
    await openLoaded('a', aCar({ id: 'a', model: 'atlas-sedan' }));
    expect(historyRows()).toHaveLength(1);
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await (await root.getHarness(button('update-car'))).click();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.4'), aFleetVersion('1.2.3')]);
    const select = await root.getHarness(MatSelectHarness.with({ selector: '[data-testid="version-select"]' }));
    await select.open();
    await select.clickOptions({ text: '1.2.4' });
    await (await root.getHarness(button('update-submit'))).click();
    const post = http.expectOne('/api/cars/a/update');
    expect(post.request.body).toEqual({ version: '1.2.4' });
    post.flush(aHistoryEntry({ carId: 'a', toVersion: '1.2.4' }), { status: 202, statusText: 'Accepted' });
    await settle(fixture);
    expect(historyRows().map((row) => row.getAttribute('data-result'))).toEqual(['pending', 'succeeded']);
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('Update of a to 1.2.4 requested');
  });

  it('shows why the API refused an update', async () => {
    setUp();
    await openLoaded('a');
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await (await root.getHarness(button('update-car'))).click();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.4')]);
    const select = await root.getHarness(MatSelectHarness.with({ selector: '[data-testid="version-select"]' }));
    await select.open();
    await select.clickOptions({ text: '1.2.4' });
    await (await root.getHarness(button('update-submit'))).click();
    http.expectOne('/api/cars/a/update').flush(
      { statusCode: 409, message: 'car a is driving', correlationId: 'r9' },
      { status: 409, statusText: 'Conflict' },
    );
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('car a is driving (ref r9)');
  });

  it('rolls the car back to its previous version', async () => {
    setUp();
    await openLoaded('a');
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await (await root.getHarness(button('rollback-car'))).click();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.3')]);
    await (await root.getHarness(button('rollback-submit'))).click();
    const post = http.expectOne('/api/cars/rollback');
    expect(post.request.body).toEqual({ carIds: ['a'] });
    post.flush(aBulkResponse([anAccepted('a', { kind: 'rollback', fromVersion: '1.2.4', toVersion: '1.2.3' })]));
    await settle(fixture);
    expect(document.querySelector('[data-testid="bulk-summary"]')?.textContent?.trim()).toBe('1 accepted, 0 refused');
    expect(historyRows()).toHaveLength(2);
  });

  it('shows a viewer the car and its history but no write controls', async () => {
    setUp('viewer');
    await openLoaded('a');
    const el = fixture.nativeElement as HTMLElement;
    for (const id of ['update-car', 'rollback-car', 'toggle-state', 'delete-car']) {
      expect(el.querySelector(`[data-testid="${id}"]`)).toBeNull();
    }
    expect(historyRows()).toHaveLength(1);
  });
});
