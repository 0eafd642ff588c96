import { selectStartMode, selectTarget, stageGroup, windowGroup, wizardForm, type WizardForm } from './wizard-form';
import { createBodyOf, definitionOf } from './wizard-payload';

function munichThenBerlin(): WizardForm {
  const form = wizardForm();
  form.controls.release.setValue({ version: '1.2.4', name: '' });
  form.controls.stages.clear();
  form.controls.stages.push(stageGroup('region', 'munich'));
  form.controls.stages.push(stageGroup('region', 'berlin'));
  return form;
}

describe(definitionOf.name, () => {
  it('turns region stages and the default rules into the API definition', () => {
    const form = munichThenBerlin();
    form.controls.stages.at(0).controls.soakSeconds.setValue(3);
    expect(definitionOf(form.getRawValue())).toEqual({
      version: '1.2.4',
      stages: [{ selector: { region: 'munich' }, policy: { soakSeconds: 3 } }, { selector: { region: 'berlin' } }],
      policy: {
        soakSeconds: 300,
        successThresholdPct: 100,
        errorMinSample: 1,
        inProgressTimeoutSeconds: 900,
        unreachableTimeoutSeconds: 600,
        stageDeadlineSeconds: 3600,
        maxRetries: 3,
        retryBackoffSeconds: 10,
        maxConcurrent: 20,
        maxPerMinute: 120,
        onFailure: 'rollback',
      },
    });
  });

  it("sends a stage's own rules, only those it sets, and lets the contracts check them", () => {
    const form = munichThenBerlin();
    const [munich, berlin] = form.controls.stages.controls;
    munich.controls.rules.patchValue({ successThresholdPct: 90, errorThresholdPct: 5, errorMinSample: 3, inProgressTimeoutSeconds: 600, maxConcurrent: 2, onFailure: 'pause' });
    berlin.controls.rules.patchValue({ maxConcurrent: 50 });
    expect(definitionOf(form.getRawValue()).stages).toEqual([
      {
        selector: { region: 'munich' },
        policy: { successThresholdPct: 90, errorThresholdPct: 5, errorMinSample: 3, inProgressTimeoutSeconds: 600, maxConcurrent: 2, onFailure: 'pause' },
      },
      { selector: { region: 'berlin' }, policy: { maxConcurrent: 50 } },
    ]);
    berlin.controls.rules.controls.errorMinSample.setValue(0);
    expect(berlin.controls.rules.invalid).toBe(true);
    expect(form.controls.stages.valid).toBe(false);
    berlin.controls.rules.controls.errorMinSample.setValue(null);
    berlin.controls.rules.controls.successThresholdPct.setValue(2.5);
    expect(berlin.controls.rules.controls.successThresholdPct.errors).toEqual({ invalid: 'Must be a whole number' });
  });

  it('sends car lists, percentages and batches with their names, windows and approvals', () => {
    const form = munichThenBerlin();
    form.controls.release.controls.name.setValue(' canary first ');
    const [first, second] = form.controls.stages.controls;
    selectTarget(first, 'cars');
    first.patchValue({ carIds: 'c1, c2\nc3', name: 'canary' });
    selectTarget(second, 'percent');
    second.patchValue({ percent: 50 });
    const batch = stageGroup('batch');
    batch.patchValue({ batchSize: 10 });
    form.controls.stages.push(batch);
    form.controls.rules.patchValue({ errorThresholdPct: 5, onFailure: 'pause' });
    const window = windowGroup('munich', 'Europe/Berlin');
    window.patchValue({ start: '22:00', end: '04:00', days: ['sat', 'sun'] });
    form.controls.when.controls.windows.push(window);
    form.controls.when.controls.schedule.patchValue({ approveStart: true });
    const body = definitionOf(form.getRawValue());
    expect(body.name).toBe('canary first');
    expect(body.stages).toEqual([{ name: 'canary', carIds: ['c1', 'c2', 'c3'] }, { percent: 50 }, { batchSize: 10 }]);
    expect(body.policy).toMatchObject({ errorThresholdPct: 5, onFailure: 'pause' });
    expect(body.maintenanceWindows).toEqual([{ region: 'munich', timeZone: 'Europe/Berlin', start: '22:00', end: '04:00', days: ['sat', 'sun'] }]);
    expect(body.approvals).toEqual({ start: true, revert: false });
  });
});

describe(createBodyOf.name, () => {
  it('starts now, schedules at a local time or saves a draft', () => {
    const form = munichThenBerlin();
    expect(createBodyOf(form.getRawValue()).start).toBe(true);
    const schedule = form.controls.when.controls.schedule;
    selectStartMode(schedule, 'at');
    schedule.controls.startAt.setValue('2030-03-02T22:00');
    const scheduled = createBodyOf(form.getRawValue());
    expect(scheduled.startAt).toBe(new Date('2030-03-02T22:00').toISOString());
    expect(scheduled.start).toBeUndefined();
    selectStartMode(schedule, 'draft');
    const draft = createBodyOf(form.getRawValue());
    expect([draft.start, draft.startAt]).toEqual([undefined, undefined]);
  });
});

describe(wizardForm.name, () => {
  it('checks only the chosen target of a stage, and the stages together with the contracts', () => {
    const form = munichThenBerlin();
    const stage = form.controls.stages.at(1);
    selectTarget(stage, 'percent');
    expect(stage.controls.percent.errors).toEqual({ required: true });
    expect(stage.controls.region.disabled).toBe(true);
    stage.controls.percent.setValue(101);
    expect(stage.controls.percent.errors).toMatchObject({ max: { max: 100, actual: 101 } });
    stage.patchValue({ percent: 20, name: 'munich' });
    expect(form.controls.stages.errors).toEqual({ invalid: 'stages[1]: stage name "munich" is used twice' });
  });

  it('refuses a window that opens when it closes, an unknown time zone, and a start in the past', () => {
    const form = wizardForm(() => Date.parse('2030-01-01T00:00:00Z'));
    const window = windowGroup('munich', 'Mars/Olympus');
    window.patchValue({ start: '01:00', end: '01:00' });
    form.controls.when.controls.windows.push(window);
    expect(window.controls.timeZone.errors).toEqual({ invalid: 'Not a time zone; e.g. Europe/Berlin' });
    expect(window.errors).toEqual({ invalid: 'Start and end must differ' });
    const schedule = form.controls.when.controls.schedule;
    selectStartMode(schedule, 'at');
    schedule.controls.startAt.setValue('2029-12-31T10:00');
    expect(schedule.controls.startAt.errors).toEqual({ invalid: 'Must lie in the future' });
  });
});
