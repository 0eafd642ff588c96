import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { aCar, aLogLine, anExecutionState, aWorkload } from '@fleet/console/testing';
import { CarStatusHarness, ExecutionStateHarness } from '@fleet/console/ui';
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

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket) });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('shows the car, its workloads and its logs, and unsubscribes on leave', async () => {
    await open('a');
    http.expectOne('/api/cars/a').flush(aCar({ id: 'a', updateState: 'failed', restarts: 2 }));
    http.expectOne('/api/cars/a/workloads').flush([aWorkload({ name: 'nav', executionState: anExecutionState('Failed', 'Lost') })]);
    http.expectOne('/api/cars/a/status').flush({ statusCode: 404, message: 'Not Found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
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
    await open('ghost');
    http.expectOne('/api/cars/ghost').flush({ statusCode: 404, message: 'car ghost not found', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text()).toContain('Car ghost does not exist.');
  });
});
