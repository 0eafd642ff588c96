import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { CARS_REFRESH_MS, CARS_SEARCH_DEBOUNCE_MS, FakeRealtimeSocket } from '@fleet/console/data-access';
import { RolloutStatusHarness, StageProgressHarness } from '@fleet/console/ui';
import { aProgress, aRolloutCar, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Role, RolloutCarView, RolloutView } from '@fleet/shared/contracts';
import type { TestRequest } from '@angular/common/http/testing';
import { connectSocket, pageOf, pageTestProviders } from '../testing';
import { RolloutDetailPage } from './rollout-detail-page';

describe(RolloutDetailPage.name, () => {
  let fixture: ComponentFixture<RolloutDetailPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let socket: FakeRealtimeSocket;
  const el = () => fixture.nativeElement as HTMLElement;
  const buttons = async () => Promise.all((await loader.getAllHarnesses(MatButtonHarness.with({ selector: 'fleet-rollout-controls button' }))).map((b) => b.getText()));
  const running = (): RolloutView =>
    aRolloutView({
      id: 'r1',
      status: 'running',
      currentStage: 0,
      startedAt: '2026-11-26T10:00:01.000Z',
      stages: [
        aStageView({ index: 0, status: 'running', total: 3, counts: counts({ succeeded: 1, soaking: 1, waiting: 1 }), waitingReasons: [{ reason: 'driving', count: 1 }], startedAt: '2026-11-26T10:00:01.000Z' }),
        aStageView({ index: 1, name: 'berlin' }),
      ],
    });
  const cars = (): RolloutCarView[] => [
    aRolloutCar({ carId: 'm1', bucket: 'succeeded', reason: 'succeeded: healthy for 3 s' }),
    aRolloutCar({ carId: 'm2', bucket: 'soaking', reason: 'soaking: 1.2.4 installed' }),
    aRolloutCar({ carId: 'm3', bucket: 'waiting', reason: 'waiting: driving' }),
  ];

  async function open(role: Role, view: RolloutView, username = 'olga'): Promise<void> {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, role, username) });
    http = TestBed.inject(HttpTestingController);
    connectSocket(socket);
    fixture = TestBed.createComponent(RolloutDetailPage);
    fixture.componentRef.setInput('id', view.id);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    http.expectOne(`/api/rollouts/${view.id}`).flush(view);
    http.expectOne((req) => req.url === `/api/rollouts/${view.id}/cars`).flush(pageOf(cars()));
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  /** The one pending request for the cars, and its query string as the API gets it. */
  const carsRequest = (id = 'r1'): { req: TestRequest; params: string } => {
    const req = http.expectOne((r) => r.url === `/api/rollouts/${id}/cars`);
    return { req, params: req.request.params.toString() };
  };
  const select = (testId: string) => loader.getHarness(MatSelectHarness.with({ selector: `[data-testid="${testId}"]` }));
  const manyCars = (n: number, from = 0) => Array.from({ length: n }, (_, i) => aRolloutCar({ carId: `c${String(from + i).padStart(5, '0')}`, bucket: 'updating', reason: 'updating: sent' }));
  const fleetRollout = (): RolloutView =>
    aRolloutView({
      id: 'r1',
      status: 'running',
      currentStage: 0,
      stages: [
        aStageView({ index: 0, name: 'munich', status: 'running', total: 6_000, counts: counts({ updating: 5_000, waiting: 1_000 }), waitingReasons: [{ reason: 'driving', count: 700 }, { reason: 'offline', count: 300 }] }),
        aStageView({ index: 1, name: 'berlin', status: 'running', total: 4_000, counts: counts({ updating: 3_990, failed: 10 }) }),
      ],
    });
  /** Opens a 10,000-car rollout whose first page the API answers. */
  async function openFleet(): Promise<void> {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, 'viewer') });
    http = TestBed.inject(HttpTestingController);
    connectSocket(socket);
    fixture = TestBed.createComponent(RolloutDetailPage);
    fixture.componentRef.setInput('id', 'r1');
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    http.expectOne('/api/rollouts/r1').flush(fleetRollout());
    const first = carsRequest();
    expect(first.params).toBe('page=1&pageSize=25');
    first.req.flush(pageOf(manyCars(25), 10_000, 1, 25));
    await fixture.whenStable();
  }

  it('pages through 10,000 cars on the server and sends each filter as a query parameter, back to page 1 on a change', async () => {
    await openFleet();
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 10000');
    await paginator.goToNextPage();
    let sent = carsRequest();
    expect(sent.params).toBe('page=2&pageSize=25');
    sent.req.flush(pageOf(manyCars(25, 25), 10_000, 2, 25));
    await paginator.goToLastPage();
    sent = carsRequest();
    expect(sent.params).toBe('page=400&pageSize=25');
    sent.req.flush(pageOf(manyCars(25, 9_975), 10_000, 400, 25));
    expect(await paginator.getRangeLabel()).toBe('9976 – 10000 of 10000');
    expect((await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['carId'].text[0]).toBe('c09975');

    await (await select('rollout-cars-stage')).clickOptions({ text: '2. berlin (4000)' });
    sent = carsRequest();
    expect(sent.params).toBe('page=1&pageSize=25&stage=1');
    sent.req.flush(pageOf(manyCars(25), 4_000, 1, 25));
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 4000');

    const bucket = await select('rollout-cars-bucket');
    await bucket.open();
    expect(await Promise.all((await bucket.getOptions()).map((o) => o.getText()))).toEqual(['All (4000)', 'In progress (3990)', 'Failed (10)']);
    await bucket.clickOptions({ text: 'Failed (10)' });
    sent = carsRequest();
    expect(sent.params).toBe('page=1&pageSize=25&stage=1&bucket=failed');
    sent.req.flush(pageOf([aRolloutCar({ carId: 'b7', stageIndex: 1, stage: 'berlin', bucket: 'failed' })], 1, 1, 25));

    await paginator.setPageSize(100);
    expect(carsRequest().params).toBe('page=1&pageSize=100&stage=1&bucket=failed');
  });

  it('asks for a car-id text once typing rests, from page 1', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      await openFleet();
      await (await loader.getHarness(MatPaginatorHarness)).goToNextPage();
      carsRequest().req.flush(pageOf(manyCars(25, 25), 10_000, 2, 25));
      await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="rollout-cars-search"]' }))).setValue('c0999');
      jest.advanceTimersByTime(CARS_SEARCH_DEBOUNCE_MS);
      const sent = carsRequest();
      expect(sent.params).toBe('page=1&pageSize=25&q=c0999');
      sent.req.flush(pageOf(manyCars(10, 9_990), 10, 1, 25));
      expect(await (await loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('1 – 10 of 10');
    } finally {
      jest.useRealTimers();
    }
  });

  it("shows a stage's cars of a bucket when its count is clicked", async () => {
    await openFleet();
    const [munich] = await loader.getAllHarnesses(StageProgressHarness);
    await munich.clickBucket('waiting');
    const sent = carsRequest();
    expect(sent.params).toBe('page=1&pageSize=25&stage=0&bucket=waiting');
    sent.req.flush(pageOf([aRolloutCar({ carId: 'w1', bucket: 'waiting', reason: 'waiting: driving' })], 1_000, 1, 25));
    expect(await (await select('rollout-cars-stage')).getValueText()).toBe('1. munich (6000)');
    expect(await (await select('rollout-cars-bucket')).getValueText()).toBe('Waiting (1000)');
    // Why all thousand wait comes from the API, whatever page of cars is shown.
    expect(await munich.getText()).toContain('driving (700), offline (300)');
  });

  it('shows a bar while a page loads and the API message when it fails', async () => {
    await openFleet();
    await (await loader.getHarness(MatPaginatorHarness)).goToNextPage();
    expect(await (await loader.getHarness(MatProgressBarHarness.with({ selector: '[data-testid="rollout-cars-loading"]' }))).getMode()).toBe('indeterminate');
    carsRequest().req.flush({ statusCode: 500, message: 'the store is busy', correlationId: 'c' }, { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="rollout-cars-error"]')?.textContent).toContain('the store is busy');
    expect(el().querySelector('[data-testid="rollout-cars-loading"]')).toBeNull();
  });

  it('refreshes the shown page at most once a second while progress events stream in', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      await openFleet();
      await (await select('rollout-cars-bucket')).clickOptions({ text: 'Waiting (1000)' });
      carsRequest().req.flush(pageOf(manyCars(25), 1_000, 1, 25));
      const view = fleetRollout();
      const sent: string[] = [];
      const answer = () =>
        http.match((r) => r.url === '/api/rollouts/r1/cars').forEach((r) => {
          sent.push(r.request.params.toString());
          r.flush(pageOf(manyCars(25), 1_000, 1, 25));
        });
      // 20 events in 2 s: two refreshes of the shown page, not twenty.
      for (let n = 1; n <= 20; n++) {
        const stages = view.stages.map(({ name, status, total, counts: c }, i) => ({ name, status, total, counts: i === 0 ? { ...c, updating: c.updating - n, succeeded: n } : c }));
        socket.serverSends('rollout.progress', aProgress(view, { stages }));
        jest.advanceTimersByTime(CARS_REFRESH_MS / 10 - 1);
        answer();
      }
      jest.advanceTimersByTime(CARS_REFRESH_MS);
      answer();
      expect(sent).toEqual(['page=1&pageSize=25&bucket=waiting', 'page=1&pageSize=25&bucket=waiting']);
      await fixture.whenStable();
      expect(await (await loader.getAllHarnesses(StageProgressHarness))[0].getCounts()).toMatchObject({ succeeded: 20 });
      expect(el().querySelector('[data-testid="rollout-cars-loading"]')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows each stage with its progress bar, bucket counts and why cars wait', async () => {
    await open('viewer', running());
    const [munich, berlin] = await loader.getAllHarnesses(StageProgressHarness);
    expect(await munich.getStatus()).toBe('running');
    expect(await (await munich.getBar()).getValue()).toBe(33);
    expect(await munich.getCounts()).toEqual({ succeeded: 1, soaking: 1, waiting: 1, failed: 0 });
    expect(await munich.getText()).toContain('Waiting: driving (1)');
    expect(await berlin.getStatus()).toBe('pending');
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['carId'].text).toEqual(['m1', 'm2', 'm3']);
    expect(cells['reason'].text).toContain('waiting: driving');
    const timeline = Array.from(el().querySelectorAll('[data-testid="timeline-event"]')).map((e) => e.getAttribute('data-kind'));
    expect(timeline).toEqual(['created', 'started', 'stage-started', 'soak']);
  });

  it('moves the bars with rollout.progress and reloads the view when the stage finishes', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const view = running();
      await open('viewer', view);
      const stages = [
        { name: 'munich', status: 'succeeded' as const, total: 3, counts: counts({ succeeded: 3 }), waitingReasons: [] },
        { name: 'berlin', status: 'running' as const, total: 1, counts: counts({ updating: 1 }), waitingReasons: [] },
      ];
      socket.serverSends('rollout.progress', aProgress(view, { currentStage: 1, stages }));
      await fixture.whenStable();
      const [munich, berlin] = await loader.getAllHarnesses(StageProgressHarness);
      expect(await (await munich.getBar()).getValue()).toBe(100);
      expect(await berlin.getCounts()).toEqual({ succeeded: 0, updating: 1, failed: 0 });
      jest.advanceTimersByTime(1_000);
      http.expectOne('/api/rollouts/r1').flush({ ...view, currentStage: 1, stages: view.stages.map((s, i) => ({ ...s, ...stages[i] })) });
      http.expectOne((req) => req.url === '/api/rollouts/r1/cars').flush(pageOf(cars()));
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives an operator the commands of a running rollout and asks before cancelling', async () => {
    await open('operator', running());
    expect(await buttons()).toEqual(['pausePause', 'skip_nextNext stage now', 'historyRoll back', 'cancelCancel']);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="rollout-cancel"]' }))).click();
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await (await root.getHarness(MatButtonHarness.with({ selector: '[data-testid="confirm-cancel"]' }))).click();
    http.expectOne('/api/rollouts/r1/cancel').flush({ ...running(), status: 'cancelled', reason: 'cancelled by olga' });
    await fixture.whenStable();
    expect(await (await loader.getHarness(RolloutStatusHarness)).getStatus()).toBe('cancelled');
    expect(await buttons()).toEqual([]);
  });

  it("schedules a draft's start at a time ahead, and then shows when it starts", async () => {
    const draft = aRolloutView({ id: 'r3', status: 'draft' });
    await open('operator', draft);
    const at = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="draft-start-at"]' }));
    const schedule = await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="draft-schedule"]' }));
    await schedule.click();
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Start at' }));
    expect(await field.getTextErrors()).toEqual(['Required']);
    await at.setValue('2001-01-01T10:00');
    await schedule.click();
    expect(await field.getTextErrors()).toEqual(['Must lie in the future']);
    http.expectNone('/api/rollouts/r3/start');

    await at.setValue('2099-03-02T22:00');
    await schedule.click();
    const start = http.expectOne('/api/rollouts/r3/start');
    const iso = new Date('2099-03-02T22:00').toISOString();
    expect(start.request.body).toEqual({ at: iso });
    start.flush({ ...draft, status: 'scheduled', startAt: iso });
    await fixture.whenStable();
    expect(await (await loader.getHarness(RolloutStatusHarness)).getStatus()).toBe('scheduled');
    expect(el().querySelector('[data-testid="rollout-start-at"]')?.getAttribute('title')).toBe(iso);
    expect(el().querySelector('[data-testid="draft-start-at"]')).toBeNull();
  });

  it('gives a viewer no commands', async () => {
    await open('viewer', running());
    expect(await buttons()).toEqual([]);
    TestBed.resetTestingModule();
    await open('viewer', aRolloutView({ id: 'r3', status: 'draft' }));
    expect(el().querySelector('[data-testid="draft-schedule"]')).toBeNull();
  });

  it('lets a second admin approve a pending start, and tells the asking admin why they cannot', async () => {
    const waiting = aRolloutView({
      id: 'r2',
      status: 'awaiting-approval',
      createdBy: 'olga',
      pendingApproval: { action: 'start', requestedBy: 'olga', requestedAt: '2026-11-26T10:00:00.000Z', stageIndex: null },
    });
    await open('admin', waiting, 'olga');
    expect(await buttons()).toEqual(['cancelCancel']);
    expect(el().querySelector('[data-testid="approval-note"]')?.textContent).toContain('The start waits for an admin other than olga.');
    TestBed.resetTestingModule();
    await open('admin', waiting, 'root');
    expect(await buttons()).toEqual(['how_to_regApprove start', 'cancelCancel']);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="rollout-approve"]' }))).click();
    http.expectOne('/api/rollouts/r2/approve').flush({ ...waiting, status: 'running', pendingApproval: null, approvedBy: 'root' });
    await fixture.whenStable();
    expect(await (await loader.getHarness(RolloutStatusHarness)).getStatus()).toBe('running');
  });

  it('shows the API message when a command is refused', async () => {
    await open('operator', running());
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="rollout-pause"]' }))).click();
    http.expectOne('/api/rollouts/r1/pause').flush({ statusCode: 409, message: 'rollout r1 is paused; only a running rollout can be paused', correlationId: 'c' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(document.body.textContent).toContain('rollout r1 is paused; only a running rollout can be paused (ref c)');
  });

  it('explains an unknown rollout', async () => {
    socket = new FakeRealtimeSocket();
    TestBed.configureTestingModule({ providers: pageTestProviders(socket, 'viewer') });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RolloutDetailPage);
    fixture.componentRef.setInput('id', 'gone');
    await fixture.whenStable();
    const notFound = { status: 404, statusText: 'Not Found' };
    http.expectOne('/api/rollouts/gone').flush({ statusCode: 404, message: 'no rollout gone', correlationId: 'c' }, notFound);
    http.expectOne((req) => req.url === '/api/rollouts/gone/cars').flush({ statusCode: 404, message: 'no rollout gone', correlationId: 'c' }, notFound);
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="rollout-error"]')?.textContent?.trim()).toBe('There is no rollout gone');
  });
});
