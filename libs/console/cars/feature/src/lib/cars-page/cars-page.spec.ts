import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatRadioButtonHarness } from '@angular/material/radio/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { FakeRealtimeSocket, FILTER_DEBOUNCE_MS } from '@fleet/console/data-access';
import { Router } from '@angular/router';
import { aBulkResponse, aCar, aFleetVersion, anAccepted, aPage, aRefusal } from '@fleet/console/testing';
import { CarRowHarness } from '@fleet/console/ui';
import type { CarView, Role } from '@fleet/shared/contracts';
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

  function setUp(role: Role = 'operator'): void {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, role) });
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  it('lists the cars and follows live changes', async () => {
    setUp();
    await open([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    expect(await Promise.all((await rows()).map((row) => row.getCarId()))).toEqual(['a', 'b']);
    socket.serverSends('cars.changed', { cars: [aCar({ id: 'a', updateState: 'updating' })] });
    socket.serverSends('cars.removed', { ids: ['b'] });
    const [row, ...rest] = await rows();
    expect(await (await row.getStatus()).getLabel()).toBe('Updating');
    expect(rest).toEqual([]);
  });

  it('creates cars from the dialog and shows them at once', async () => {
    setUp();
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

  it('takes its filter from the address and writes a new one back to it', async () => {
    setUp();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/?region=berlin&status=failed&search=b-&status=bogus');
    fixture = TestBed.createComponent(CarsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    const first = http.expectOne((req) => req.url === '/api/cars');
    expect(first.request.params.get('region')).toBe('berlin');
    expect(first.request.params.get('status')).toBe('failed');
    expect(first.request.params.get('search')).toBe('b-');
    first.flush(aPage([aCar({ id: 'b-1', region: 'berlin' })]));
    await settle(fixture);
    expect(await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="filter-search"]' }))).getValue()).toBe('b-');

    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="filter-search"]' }))).setValue('b-7');
    await settle(fixture);
    expect(router.url).toBe('/?region=berlin&status=failed&search=b-7');
    await new Promise((resolve) => setTimeout(resolve, FILTER_DEBOUNCE_MS + 50));
    const next = http.expectOne((req) => req.url === '/api/cars');
    expect(next.request.params.get('search')).toBe('b-7');
    next.flush(aPage([]));
  });

  it('deletes a car only after confirmation', async () => {
    setUp();
    await open([aCar({ id: 'a' })]);
    await (await (await rows())[0].getDelete()).click();
    await (await root.getHarness(byTestId('confirm-delete'))).click();
    http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/cars/a').flush(null, { status: 204, statusText: 'No Content' });
    expect(await rows()).toEqual([]);
  });

  it('shows the API error message of a failed toggle in a snack bar', async () => {
    setUp();
    await open([aCar({ id: 'a' })]);
    await (await (await rows())[0].getToggle()).click();
    const put = http.expectOne('/api/cars/a/state');
    expect(put.request.body).toEqual({ state: 'driving' });
    put.flush({ statusCode: 409, message: 'car a is offline', correlationId: 'r1' }, { status: 409, statusText: 'Conflict' });
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('car a is offline (ref r1)');
  });

  it('says when the API is unreachable and retries on demand', async () => {
    setUp();
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

  it('updates the selected cars and shows each car\'s answer', async () => {
    setUp();
    await open([aCar({ id: 'a', model: 'atlas-sedan' }), aCar({ id: 'b' }), aCar({ id: 'c' })]);
    const [a, , c] = await rows();
    await (await a.getSelect()).check();
    await (await c.getSelect()).check();
    const bulk = await loader.getHarness(byTestId('bulk-update'));
    expect(await bulk.getText()).toContain('Update 2');
    await bulk.click();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.4')]);
    const select = await root.getHarness(MatSelectHarness.with({ selector: '[data-testid="version-select"]' }));
    await select.open();
    await select.clickOptions({ text: '1.2.4' });
    await (await root.getHarness(byTestId('update-submit'))).click();
    const post = http.expectOne('/api/cars/bulk-update');
    expect(post.request.body).toEqual({ carIds: ['a', 'c'], version: '1.2.4' });
    post.flush(aBulkResponse([anAccepted('a'), aRefusal('c', 'car c is driving')]));
    await settle(fixture);
    const cells = await (await root.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['car'].text).toEqual(['a', 'c']);
    expect(cells['detail'].text).toEqual(['1.2.3 → 1.2.4', 'car c is driving (409)']);
  });

  it('rolls a region back to the previous version', async () => {
    setUp();
    await open([aCar({ id: 'a' })]);
    expect(await (await loader.getHarness(byTestId('bulk-update'))).isDisabled()).toBe(true);
    await (await loader.getHarness(byTestId('rollback'))).click();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.3')]);
    expect(await (await root.getHarness(MatRadioButtonHarness.with({ selector: '[data-testid="rollback-scope-region"]' }))).isChecked()).toBe(true);
    const region = await root.getHarness(MatSelectHarness.with({ selector: '[data-testid="rollback-region"]' }));
    await region.open();
    await region.clickOptions({ text: 'berlin' });
    await (await root.getHarness(byTestId('rollback-submit'))).click();
    const post = http.expectOne('/api/cars/rollback');
    expect(post.request.body).toEqual({ region: 'berlin' });
    post.flush(aBulkResponse([]));
    await settle(fixture);
    expect(document.querySelector('[data-testid="bulk-summary"]')?.textContent?.trim()).toBe('0 accepted, 0 refused');
  });

  it('shows a viewer the fleet without any write control', async () => {
    setUp('viewer');
    await open([aCar({ id: 'a' })]);
    const [row] = await rows();
    expect(await row.getWriteControls()).toEqual([]);
    const el = fixture.nativeElement as HTMLElement;
    for (const id of ['create-cars', 'bulk-update', 'rollback', 'select-all']) {
      expect(el.querySelector(`[data-testid="${id}"]`)).toBeNull();
    }
  });
});
