import { ApiProcess, listCars, waitFor, waitOnline, WORKSPACE } from '@fleet/e2e/support';
import type { RolloutView } from '@fleet/shared/contracts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { carRow, createCars, signIn, watchProblems } from './console-page';
import { animationsDone, bucketCount, fill, pickVersion, stage } from './rollout-page';

const OUTPUT = join(WORKSPACE, 'test-output/console-e2e');

/** The rollout console on the real API and real car agents (`--sim-speed 20`): wizard, dry run, live view. */
describe('staged rollouts in a real browser against the real API', () => {
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let rolloutId = '';

  async function shot(name: string): Promise<void> {
    await animationsDone(page);
    await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    api = new ApiProcess();
    await api.start('console-rollouts');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    problems = watchProblems(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stopWithAgents();
  }, 60_000);

  it('creates two Munich cars and one Berlin car and sees them online', async () => {
    await signIn(page, api.baseUrl, api.admin);
    await createCars(page, 'munich', 2);
    await createCars(page, 'berlin', 1);
    await waitFor('three online cars in the grid', async () => (await page.locator('[data-testid="car-row"][data-connection="online"]').count()) === 3, 45_000);
    const cars = await listCars(api);
    await Promise.all(cars.items.map((car) => waitOnline(api, car.id, 45_000)));
    expect(cars.items.map((car) => car.region).sort()).toEqual(['berlin', 'munich', 'munich']);
    expect(await carRow(page).count()).toBe(3);
  }, 60_000);

  it('opens the wizard from the Rollouts page and checks each step before moving on', async () => {
    await page.getByRole('link', { name: /Rollouts/ }).click();
    await page.waitForURL(/\/rollouts$/);
    await page.getByText('No rollouts yet.').waitFor();
    await page.getByTestId('new-rollout').click();
    await page.waitForURL(/\/rollouts\/new$/);
    await page.getByTestId('wizard-next-version').click();
    await page.getByTestId('version-error').waitFor();
    await pickVersion(page, '1.2.4');
    await shot('rollout-wizard-version');
    await page.getByTestId('wizard-next-version').click();

    await page.getByTestId('wizard-next-stages').click();
    await page.getByText('Required').first().waitFor();
    await fill(page, 'stage-region-0', 'munich');
    await fill(page, 'stage-soak-0', '3');
    await page.getByTestId('add-stage').click();
    await fill(page, 'stage-region-1', 'berlin');
    await fill(page, 'stage-soak-1', '3');
    await shot('rollout-wizard-stages');
    await page.getByTestId('wizard-next-stages').click();

    await fill(page, 'rule-soak', '3');
    await page.getByTestId('wizard-next-rules').click();
    await page.getByTestId('wizard-next-schedule').click();
  });

  it('shows the dry run: 2 eligible in munich, 1 in berlin', async () => {
    const row = (name: string) => page.locator(`[data-testid="preview-stage"][data-stage="${name}"]`);
    await row('berlin').waitFor();
    expect(await row('munich').getAttribute('data-eligible')).toBe('2');
    expect(await row('berlin').getAttribute('data-eligible')).toBe('1');
    expect((await page.getByTestId('preview-summary').textContent())?.trim()).toContain('3 cars in 2 stages');
    await shot('rollout-wizard-preview');
  });

  it('starts the rollout and watches the live view reach completed with 3 succeeded', async () => {
    await page.getByTestId('wizard-create').click();
    await page.waitForURL(/\/rollouts\/[0-9a-f]+$/);
    rolloutId = page.url().split('/').pop() ?? '';
    await stage(page, 'munich').waitFor();
    await waitFor('munich to start', async () => (await stage(page, 'munich').getAttribute('data-status')) !== 'pending', 20_000, 100);
    await shot('rollout-live-munich');
    await waitFor(
      'berlin to start after munich',
      async () => (await stage(page, 'munich').getAttribute('data-status')) === 'succeeded' && (await stage(page, 'berlin').getAttribute('data-status')) !== 'pending',
      90_000,
      200,
    );
    await shot('rollout-live-berlin');
    const status = page.locator('[data-testid="rollout-status"]');
    await waitFor('the rollout to complete', async () => (await status.getAttribute('data-status')) === 'completed', 90_000, 250);
    expect(await bucketCount(page, 'munich', 'succeeded')).toBe(2);
    expect(await bucketCount(page, 'berlin', 'succeeded')).toBe(1);
    expect(await bucketCount(page, 'munich', 'failed')).toBe(0);
    await waitFor('every car row to show succeeded', async () => {
      const rows = page.locator('[data-testid="rollout-car-row"]');
      const buckets = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-bucket')));
      return buckets.length === 3 && buckets.every((b) => b === 'succeeded');
    });
    const kinds = await page.locator('[data-testid="timeline-event"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    expect(kinds).toEqual(['created', 'started', 'stage-started', 'advanced', 'stage-started', 'succeeded', 'finished']);
    expect(await page.getByTestId('rollout-rollback').count()).toBe(1);
    expect(await page.getByTestId('rollout-pause').count()).toBe(0);
    await shot('rollout-live-completed');
  }, 200_000);

  it("asks the API for the cars of a stage's bucket, of another stage and of a car id", async () => {
    const cars = (await listCars(api)).items;
    const idsOf = (region: string) => cars.filter((car) => car.region === region).map((car) => car.id).sort();
    const shownIds = async () => (await page.locator('[data-testid="rollout-car-row"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-car-id')))).sort();
    const choose = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.getByRole('option', { name: option, exact: true }).click();
      await page.locator('.mat-mdc-select-panel').waitFor({ state: 'detached' });
    };
    const carsRequest = (params: string) =>
      page.waitForResponse((res) => res.url().includes(`/api/rollouts/${rolloutId}/cars?`) && res.url().endsWith(params) && res.status() === 200, { timeout: 10_000 });

    let answered = carsRequest('page=1&pageSize=25&stage=0&bucket=succeeded');
    await stage(page, 'munich').getByTestId('bucket-succeeded').getByRole('button').click();
    await answered;
    await waitFor('the munich cars', async () => JSON.stringify(await shownIds()) === JSON.stringify(idsOf('munich')), 10_000, 100);
    expect(await page.getByTestId('rollout-cars-stage').textContent()).toContain('1. munich (2)');
    expect(await page.getByTestId('rollout-cars-bucket').textContent()).toContain('Succeeded (2)');

    answered = carsRequest('page=1&pageSize=25&stage=1&bucket=succeeded');
    await choose('rollout-cars-stage', '2. berlin (1)');
    await answered;
    await waitFor('the berlin car', async () => JSON.stringify(await shownIds()) === JSON.stringify(idsOf('berlin')), 10_000, 100);

    const [munichCar] = idsOf('munich');
    await choose('rollout-cars-stage', 'All stages');
    await choose('rollout-cars-bucket', 'All (3)');
    answered = carsRequest(`page=1&pageSize=25&q=${encodeURIComponent(munichCar)}`);
    await page.getByTestId('rollout-cars-search').fill(munichCar);
    await answered;
    await waitFor('only the searched car', async () => JSON.stringify(await shownIds()) === JSON.stringify([munichCar]), 10_000, 100);
    expect(await page.getByTestId('rollout-cars-table').getAttribute('data-total')).toBe('1');
    await shot('rollout-live-cars-filtered');

    await page.getByTestId('rollout-cars-search').fill('');
    await waitFor('every car again', async () => (await shownIds()).length === 3, 10_000, 100);
  }, 60_000);

  it('lists the rollout as completed with its stages', async () => {
    await page.getByRole('link', { name: 'Rollouts' }).first().click();
    const row = page.locator(`[data-testid="rollout-row"][data-rollout-id="${rolloutId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    const chips = await row.getByTestId('rollout-stage-chip').allTextContents();
    expect(chips.map((c) => c.trim())).toEqual(['munich 2/2', 'berlin 1/1']);
    await shot('rollouts-list');
  });

  it('keeps the emergency stop in the toolbar and explains both modes', async () => {
    await page.getByTestId('emergency-stop').click();
    await page.getByTestId('emergency-mode-revert').waitFor();
    await shot('emergency-stop-dialog');
    await page.getByTestId('emergency-stop-confirm').click();
    await page.getByText('Emergency stop (freeze): no rollout was live').waitFor();
    expect(problems).toEqual([]);
  });

  it("saves a draft with a stage's own rules, schedules its start from the live view and lists when it starts", async () => {
    await page.goto(`${api.baseUrl}/rollouts/new`);
    await pickVersion(page, '1.2.4');
    await page.getByTestId('wizard-next-version').click();
    await fill(page, 'stage-region-0', 'munich');
    await fill(page, 'stage-concurrent-0', '0');
    await page.getByTestId('wizard-next-stages').click();
    await page.getByText('At least 1').first().waitFor();
    await fill(page, 'stage-concurrent-0', '1');
    await page.getByTestId('stage-on-failure-0').click();
    await page.getByRole('option', { name: 'pause the rollout' }).click();
    await shot('rollout-wizard-stage-rules');
    await page.getByTestId('wizard-next-stages').click();
    await page.getByTestId('wizard-next-rules').click();
    await page.getByTestId('schedule-mode').getByText('Save as a draft, start later').click();
    await page.getByTestId('wizard-next-schedule').click();
    await page.locator('[data-testid="preview-stage"][data-stage="munich"]').waitFor();
    await page.getByTestId('wizard-create').click();
    await page.waitForURL(/\/rollouts\/[0-9a-f]+$/);
    const id = page.url().split('/').pop() ?? '';
    const draft = await api.request<RolloutView>('GET', `/api/rollouts/${id}`);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.definition.stages[0]).toEqual({ selector: { region: 'munich' }, policy: { maxConcurrent: 1, onFailure: 'pause' } });

    await page.getByTestId('draft-start-at').fill('2001-01-01T10:00');
    await page.getByTestId('draft-schedule').click();
    await page.getByText('Must lie in the future').waitFor();
    await page.getByTestId('draft-start-at').fill('2099-03-02T22:00');
    await page.getByTestId('draft-schedule').click();
    const status = page.locator('[data-testid="rollout-status"]');
    await waitFor('the draft to be scheduled', async () => (await status.getAttribute('data-status')) === 'scheduled', 10_000, 100);
    const scheduled = await api.request<RolloutView>('GET', `/api/rollouts/${id}`);
    expect(scheduled.body.startAt).toMatch(/^2099-03-0[23]T/);
    expect(await page.getByTestId('rollout-start-at').getAttribute('title')).toBe(scheduled.body.startAt);
    expect(await page.getByTestId('draft-start-at').count()).toBe(0);
    await shot('rollout-scheduled');

    await page.getByRole('link', { name: 'Rollouts' }).first().click();
    const row = page.locator(`[data-testid="rollout-row"][data-rollout-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('scheduled');
    expect(await row.getByTestId('rollout-starts-at').getAttribute('title')).toBe(scheduled.body.startAt);
    expect((await api.request('POST', `/api/rollouts/${id}/cancel`)).status).toBe(200);
    expect(problems).toEqual([]);
  }, 60_000);
});
