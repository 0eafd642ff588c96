import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { RolloutStatusHarness, StageProgressHarness } from '@fleet/console/ui';
import { aProgress, aRolloutCar, aRolloutView, aStageView, counts } from '@fleet/console/testing';
import type { Role, RolloutCarView, RolloutView } from '@fleet/shared/contracts';
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
        aStageView({ index: 0, status: 'running', total: 3, counts: counts({ succeeded: 1, soaking: 1, waiting: 1 }), startedAt: '2026-11-26T10:00:01.000Z' }),
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
        { name: 'munich', status: 'succeeded' as const, total: 3, counts: counts({ succeeded: 3 }) },
        { name: 'berlin', status: 'running' as const, total: 1, counts: counts({ updating: 1 }) },
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
