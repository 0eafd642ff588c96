import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { RolloutStatusHarness } from '@fleet/console/ui';
import { aProgress, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Role, RolloutView } from '@fleet/shared/contracts';
import { connectSocket, pageOf, pageTestProviders } from '../testing';
import { RolloutsPage } from './rollouts-page';

describe(RolloutsPage.name, () => {
  let fixture: ComponentFixture<RolloutsPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let socket: FakeRealtimeSocket;
  const list = (): TestRequest => http.expectOne((req) => req.url === '/api/rollouts');
  const el = () => fixture.nativeElement as HTMLElement;
  const running = (): RolloutView =>
    aRolloutView({
      id: 'r1',
      status: 'running',
      currentStage: 0,
      stages: [aStageView({ status: 'running', total: 2, counts: counts({ succeeded: 1, updating: 1 }) }), aStageView({ index: 1, name: 'berlin' })],
    });

  async function open(role: Role, rollouts: RolloutView[], total = rollouts.length): Promise<void> {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, role) });
    http = TestBed.inject(HttpTestingController);
    connectSocket(socket);
    fixture = TestBed.createComponent(RolloutsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    list().flush(pageOf(rollouts, total));
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('lists each rollout with its status, version, stage progress and creator', async () => {
    await open('operator', [running(), aRolloutView({ id: 'r2', name: 'canary', version: '1.3.0', createdBy: 'ada' })]);
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['version'].text).toEqual(['1.2.4', '1.3.0']);
    const chips = Array.from(el().querySelectorAll('[data-testid="rollout-stage-chip"]')).map((c) => [c.textContent?.trim(), c.getAttribute('data-status')]);
    expect(chips).toEqual([
      ['munich 1/2', 'running'],
      ['berlin 0/0', 'pending'],
      ['munich 0/0', 'pending'],
      ['berlin 0/0', 'pending'],
    ]);
    expect(cells['createdBy'].text).toEqual(['olga', 'ada']);
    const statuses = await loader.getAllHarnesses(RolloutStatusHarness);
    expect(await Promise.all(statuses.map((s) => s.getStatus()))).toEqual(['running', 'draft']);
  });

  it('filters by status through the API', async () => {
    await open('viewer', []);
    expect(el().textContent).toContain('No rollouts yet.');
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="rollouts-status-filter"]' }));
    await select.open();
    await select.clickOptions({ text: 'Running' });
    const req = list();
    expect(req.request.params.get('status')).toBe('running');
    req.flush(pageOf([]));
    await fixture.whenStable();
    expect(el().textContent).toContain('No rollout has this status.');
  });

  it('takes status and page from the address and writes a new filter back to it', async () => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, 'viewer') });
    http = TestBed.inject(HttpTestingController);
    connectSocket(socket);
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/?status=failed&page=2');
    fixture = TestBed.createComponent(RolloutsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    const first = list();
    expect(first.request.params.get('status')).toBe('failed');
    expect(first.request.params.get('page')).toBe('2');
    first.flush(pageOf([running()], 30));
    await fixture.whenStable();

    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="rollouts-status-filter"]' }));
    await select.open();
    await select.clickOptions({ text: 'Running' });
    const next = list();
    expect(next.request.params.get('page')).toBe('1');
    next.flush(pageOf([running()]));
    await fixture.whenStable();
    expect(router.url).toBe('/?status=running');
  });

  it('updates a row from rollout.progress', async () => {
    const view = running();
    await open('viewer', [view]);
    socket.serverSends(
      'rollout.progress',
      aProgress(view, { status: 'completed', stages: [{ name: 'munich', status: 'succeeded', total: 2, counts: counts({ succeeded: 2 }) }, aProgress(view).stages[1]] }),
    );
    await fixture.whenStable();
    expect(await (await loader.getHarness(RolloutStatusHarness)).getStatus()).toBe('completed');
    expect(el().querySelector('[data-testid="rollout-stage-chip"]')?.textContent?.trim()).toBe('munich 2/2');
  });

  it('gives operators the new-rollout button and the commands of each rollout', async () => {
    await open('operator', [running()]);
    expect(el().querySelector('[data-testid="new-rollout"]')).not.toBeNull();
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="rollout-pause"]' }))).click();
    const pause = http.expectOne('/api/rollouts/r1/pause');
    pause.flush({ ...running(), status: 'paused' });
    await fixture.whenStable();
    expect(await (await loader.getHarness(RolloutStatusHarness)).getStatus()).toBe('paused');
  });

  it('pages through the API when there are more rollouts than fit one page', async () => {
    await open('viewer', [running()], 120);
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 50 of 120');
    await paginator.goToNextPage();
    const req = list();
    expect(req.request.params.get('page')).toBe('2');
    req.flush(pageOf([aRolloutView({ id: 'r51' })], 120, 2));
    await fixture.whenStable();
    expect(el().querySelector('[data-rollout-id="r51"]')).not.toBeNull();
    expect(TestBed.inject(Router).url).toBe('/?page=2');
  });

  it('shows when a scheduled rollout starts', async () => {
    const startAt = '2099-03-02T22:00:00.000Z';
    await open('viewer', [aRolloutView({ id: 'r7', status: 'scheduled', startAt }), running()]);
    const starts = el().querySelectorAll('[data-testid="rollout-starts-at"]');
    expect(starts).toHaveLength(1);
    expect(starts[0].getAttribute('title')).toBe(startAt);
    expect(starts[0].textContent?.trim()).toMatch(/^starts Mar [23], \d\d:00$/);
  });

  it('gives viewers neither', async () => {
    await open('viewer', [running()]);
    expect(el().querySelector('[data-testid="new-rollout"]')).toBeNull();
    expect(el().querySelectorAll('fleet-rollout-controls button')).toHaveLength(0);
  });
});
