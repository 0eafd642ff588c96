import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatStepperHarness } from '@angular/material/stepper/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Router } from '@angular/router';
import { FakeRealtimeSocket } from '@fleet/console/data-access';
import { aFleetVersion, aPreview, aRolloutView, aStagePreview } from '@fleet/console/testing';
import type { CreateRolloutDto } from '@fleet/shared/contracts';
import { pageTestProviders } from '../testing';
import { RolloutWizardPage } from './rollout-wizard-page';

@Component({ template: '' })
class Blank {}

describe(RolloutWizardPage.name, () => {
  let fixture: ComponentFixture<RolloutWizardPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (testId: string) => el().querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
  const click = async (testId: string) => (await loader.getHarness(MatButtonHarness.with({ selector: `[data-testid="${testId}"]` }))).click();
  const set = async (testId: string, value: string) => (await loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${testId}"]` }))).setValue(value);
  const selectedStep = async () => (await (await loader.getHarness(MatStepperHarness)).getSteps({ selected: true }))[0].getLabel();
  const preview = (): TestRequest => http.expectOne('/api/rollouts/preview');

  /** The messages shown under the fields labelled `label` (the `index`-th of them). */
  async function errorsOf(label: string, index = 0): Promise<string[]> {
    const fields = await loader.getAllHarnesses(MatFormFieldHarness.with({ floatingLabelText: new RegExp(`^${label}`) }));
    return fields[index].getTextErrors();
  }

  async function chooseVersion(version: string): Promise<void> {
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="version-select"]' }));
    await select.open();
    await select.clickOptions({ text: new RegExp(`^${version.replace(/\./g, '\\.')}`) });
  }

  /** Version 1.2.4, munich then berlin with a 3 s soak, on to the last step before the preview. */
  async function upToSchedule(): Promise<void> {
    await chooseVersion('1.2.4');
    await click('wizard-next-version');
    await set('stage-region-0', 'munich');
    await set('stage-soak-0', '3');
    await click('add-stage');
    await set('stage-region-1', 'berlin');
    await set('stage-soak-1', '3');
    await click('wizard-next-stages');
    await set('rule-soak', '3');
    await click('wizard-next-rules');
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: pageTestProviders(new FakeRealtimeSocket(), 'operator', 'olga', [{ path: 'rollouts/:id', component: Blank }]),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RolloutWizardPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    http.expectOne('/api/versions').flush([aFleetVersion('1.2.4'), aFleetVersion('1.2.3')]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('says what is wrong with each field and keeps the step until it is right', async () => {
    await click('wizard-next-version');
    expect(text('version-error')).toBe('Pick the version to roll out.');
    await chooseVersion('1.2.4');
    expect(text('release-notes')).toBe('Release notes of 1.2.4');
    await click('wizard-next-version');
    expect(await selectedStep()).toBe('Stages');

    await click('wizard-next-stages');
    expect(await errorsOf('Region')).toEqual(['Required']);
    await set('stage-region-0', 'Munich!');
    expect(await errorsOf('Region')).toEqual(['A lower-case word such as munich']);
    await set('stage-region-0', 'munich');
    await set('stage-soak-0', '-1');
    expect(await errorsOf('Soak window')).toEqual(['At least 0']);
    await set('stage-soak-0', '3');
    await click('add-stage');
    await set('stage-region-1', 'berlin');
    await set('stage-name-1', 'munich');
    expect(text('stages-error')).toBe('stages[1]: stage name "munich" is used twice');
    await click('wizard-next-stages');
    expect(await selectedStep()).toBe('Stages');
    await set('stage-name-1', '');
    await click('wizard-next-stages');

    await set('rule-success', '101');
    await set('rule-min-sample', '0');
    await click('wizard-next-rules');
    // The two stages' own fields of the same names come first.
    expect(await errorsOf('Success threshold', 2)).toEqual(['At most 100']);
    expect(await errorsOf('Minimum sample', 2)).toEqual(['At least 1']);
    expect(await selectedStep()).toBe('Rules');
  });

  it("checks a stage's own rules and sends them with the stage; empty ones show the rollout's", async () => {
    await chooseVersion('1.2.4');
    await click('wizard-next-version');
    await set('stage-region-0', 'munich');
    await set('stage-success-0', '101');
    await set('stage-min-sample-0', '0');
    await set('stage-concurrent-0', '1.5');
    await click('wizard-next-stages');
    expect(await selectedStep()).toBe('Stages');
    expect(await errorsOf('Success threshold')).toEqual(['At most 100']);
    expect(await errorsOf('Minimum sample')).toEqual(['At least 1']);
    expect(await errorsOf('Max concurrent')).toEqual(['Must be a whole number']);
    await set('stage-success-0', '90');
    await set('stage-error-0', '5');
    await set('stage-min-sample-0', '3');
    await set('stage-in-progress-0', '600');
    await set('stage-concurrent-0', '2');
    const onFailure = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="stage-on-failure-0"]' }));
    expect(await onFailure.getValueText()).toBe('As the rollout (roll its cars back)');
    await onFailure.open();
    await onFailure.clickOptions({ text: 'pause the rollout' });
    const inherited = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="stage-in-progress-0"]' }));
    expect(await inherited.getPlaceholder()).toBe('rollout: 900');
    await click('wizard-next-stages');
    expect(await selectedStep()).toBe('Rules');
    await click('wizard-next-rules');
    await click('wizard-next-schedule');
    expect(preview().request.body.stages).toEqual([
      {
        selector: { region: 'munich' },
        policy: { successThresholdPct: 90, errorThresholdPct: 5, errorMinSample: 3, inProgressTimeoutSeconds: 600, maxConcurrent: 2, onFailure: 'pause' },
      },
    ]);
  });

  it('offers a percentage or a car list per stage and checks the one chosen', async () => {
    await chooseVersion('1.2.4');
    await click('wizard-next-version');
    const target = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="stage-target-0"]' }));
    await target.open();
    await target.clickOptions({ text: 'A list of cars' });
    await set('stage-cars-0', 'c1, c1');
    await click('wizard-next-stages');
    expect(await errorsOf('Car ids')).toEqual(['A car is listed twice']);
    await target.open();
    await target.clickOptions({ text: 'A percentage of the cars left' });
    await click('wizard-next-stages');
    expect(await errorsOf('Percentage')).toEqual(['Required']);
  });

  it('runs the dry run with the definition, shows it, and creates and starts the rollout', async () => {
    await upToSchedule();
    await click('wizard-next-schedule');
    expect(await selectedStep()).toBe('Preview');
    const dryRun = preview();
    const stages = [
      { selector: { region: 'munich' }, policy: { soakSeconds: 3 } },
      { selector: { region: 'berlin' }, policy: { soakSeconds: 3 } },
    ];
    expect(dryRun.request.body).toMatchObject({ version: '1.2.4', stages, policy: { soakSeconds: 3, successThresholdPct: 100, onFailure: 'rollback' } });
    expect(dryRun.request.body.start).toBeUndefined();
    dryRun.flush(
      aPreview([
        aStagePreview({ name: 'munich', total: 2, eligible: 2 }),
        aStagePreview({ name: 'berlin', total: 2, eligible: 1, waiting: 1, reasons: { b2: 'waiting: driving' } }),
      ]),
    );
    await fixture.whenStable();
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['eligible'].text).toEqual(['2', '1']);
    expect(cells['waiting'].text).toEqual(['0', '1']);
    expect(el().querySelector('[data-testid="preview-reasons"]')?.textContent).toContain('b2 — waiting: driving');

    const create = await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="wizard-create"]' }));
    expect(await create.getText()).toBe('Create and start');
    await create.click();
    const post = http.expectOne((req) => req.method === 'POST' && req.url === '/api/rollouts');
    const body = post.request.body as CreateRolloutDto;
    expect(body).toMatchObject({ version: '1.2.4', stages, start: true });
    expect(body.startAt).toBeUndefined();
    post.flush(aRolloutView({ id: 'r9', status: 'running' }), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/rollouts/r9');
  });

  it('schedules a start with approvals and a maintenance window', async () => {
    await upToSchedule();
    await click('add-window');
    await set('window-region-0', 'munich');
    await set('window-zone-0', 'Europe/Berlin');
    await (await loader.getHarness(MatRadioGroupHarness.with({ selector: '[data-testid="schedule-mode"]' }))).checkRadioButton({ label: 'Start at a time' });
    await set('schedule-at', '2099-03-02T22:00');
    await (await loader.getHarness(MatCheckboxHarness.with({ selector: '[data-testid="approve-start"]' }))).check();
    await click('wizard-next-schedule');
    preview().flush(aPreview());
    await fixture.whenStable();
    await click('wizard-create');
    const body = http.expectOne((req) => req.method === 'POST' && req.url === '/api/rollouts').request.body as CreateRolloutDto;
    expect(body.startAt).toBe(new Date('2099-03-02T22:00').toISOString());
    expect(body.start).toBeUndefined();
    expect(body.approvals).toEqual({ start: true, revert: false });
    expect(body.maintenanceWindows).toEqual([{ region: 'munich', timeZone: 'Europe/Berlin', start: '22:00', end: '05:00' }]);
  });

  it("shows the API's 400 message for the dry run and for the creation", async () => {
    await upToSchedule();
    await (await loader.getHarness(MatRadioGroupHarness.with({ selector: '[data-testid="schedule-mode"]' }))).checkRadioButton({ label: /draft/ });
    await click('wizard-next-schedule');
    preview().flush(
      { statusCode: 400, message: ['maintenanceWindows[0].timeZone must be an IANA time zone'], correlationId: 'c1' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(text('preview-error')).toBe('maintenanceWindows[0].timeZone must be an IANA time zone (ref c1)');
    await click('wizard-preview-refresh');
    preview().flush(aPreview());
    await fixture.whenStable();
    expect(text('preview-error')).toBeUndefined();
    await click('wizard-create');
    const post = http.expectOne((req) => req.method === 'POST' && req.url === '/api/rollouts');
    expect(post.request.body.start).toBeUndefined();
    post.flush({ statusCode: 404, message: 'version 1.2.4 is not in the update store', correlationId: 'c2' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text('wizard-error')).toBe('version 1.2.4 is not in the update store (ref c2)');
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
