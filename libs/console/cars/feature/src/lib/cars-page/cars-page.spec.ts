import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { aCar, aPage } from '@fleet/console/testing';
import { CarRowHarness } from '@fleet/console/ui';
import type { CarView } from '@fleet/shared/contracts';
import { pageTestProviders, settle } from '../testing';
import { CarsPage } from './cars-page';

describe(CarsPage.name, () => {
  let socket: FakeRealtimeSocket;
  let http: HttpTestingController;
  let fixture: ComponentFixture<CarsPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;

  const byTestId = (id: string) => MatButtonHarness.with({ selector: `[data-testid="${id}"]` });
  async function rows(): Promise<CarRowHarness[]> {
    await settle(fixture);
    return loader.getAllHarnesses(CarRowHarness);
  }
  async function open(cars: CarView[]): Promise<void> {
    fixture = TestBed.createComponent(CarsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    http.expectOne((req) => req.url === '/api/cars').flush(aPage(cars));
    await settle(fixture);
  }

  beforeEach(() => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket) });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists the cars and follows live changes', async () => {
    await open([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    expect(await Promise.all((await rows()).map((row) => row.getCarId()))).toEqual(['a', 'b']);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', updateState: 'updating' })] });
    socket.serverSends('cars.removed', { ids: ['b'] });
    const [row, ...rest] = await rows();
    expect(await (await row.getStatus()).getLabel()).toBe('Updating');
    expect(rest).toEqual([]);
  });

  it('creates cars from the dialog and shows them at once', async () => {
    await open([]);
    await (await loader.getHarness(byTestId('create-cars'))).click();
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="create-region"]' }))).setValue('munich');
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="create-count"]' }))).setValue('1');
    await (await root.getHarness(byTestId('create-submit'))).click();
    const post = http.expectOne('/api/cars/batch');
    expect(post.request.body).toEqual({ region: 'munich', count: 1 });
    post.flush([aCar({ id: 'fresh', connection: 'starting' })]);
    const [row] = await rows();
    expect(await (await row.host()).getAttribute('data-connection')).toBe('starting');
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('Created 1 car');
  });

  it('deletes a car only after confirmation', async () => {
    await open([aCar({ id: 'a' })]);
    await (await (await rows())[0].getDelete()).click();
    await (await root.getHarness(byTestId('confirm-delete'))).click();
    http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/cars/a').flush(null, { status: 204, statusText: 'No Content' });
    expect(await rows()).toEqual([]);
  });

  it('shows the API error message of a failed toggle in a snack bar', async () => {
    await open([aCar({ id: 'a' })]);
    await (await (await rows())[0].getToggle()).click();
    const put = http.expectOne('/api/cars/a/state');
    expect(put.request.body).toEqual({ state: 'driving' });
    put.flush({ statusCode: 409, message: 'car a is offline', correlationId: 'r1' }, { status: 409, statusText: 'Conflict' });
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('car a is offline (ref r1)');
  });

  it('says when the API is unreachable and retries on demand', async () => {
    fixture = TestBed.createComponent(CarsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    http.expectOne((req) => req.url === '/api/cars').error(new ProgressEvent('error'), { status: 0 });
    await settle(fixture);
    const notice = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="cars-error"]');
    expect(notice?.textContent).toContain('API unreachable');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Retry' }))).click();
    http.expectOne((req) => req.url === '/api/cars').flush(aPage([aCar()]));
    expect(await rows()).toHaveLength(1);
  });
});
