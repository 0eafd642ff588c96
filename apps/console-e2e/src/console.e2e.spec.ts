import { agentProcesses, ApiProcess, WORKSPACE, waitFor } from '@fleet/e2e/support';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { carRow, chooseVersion, createCars, signIn, watchProblems } from './console-page';

const OUTPUT = join(WORKSPACE, 'test-output/console-e2e');
const VIEWER = { username: 'e2e-viewer', password: 'viewer-password-1' };

describe('console in a real browser against the real API', () => {
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let carId = '';

  const shot = (name: string, on: Page = page) => on.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    api = new ApiProcess();
    await api.start('console');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    problems = watchProblems(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stopWithAgents();
  }, 60_000);

  it('sends a visitor to the login page and signs the admin in', async () => {
    await page.goto(`${api.baseUrl}/cars`);
    await page.waitForURL(/\/login\?returnUrl=%2Fcars/);
    await page.getByTestId('login-username').fill(api.admin.username);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await shot('login-refused');
    await signIn(page, api.baseUrl, api.admin);
    expect(await page.getByTestId('user-name').textContent()).toBe(api.admin.username);
    expect((await page.getByTestId('user-role').textContent())?.trim()).toBe('admin');
    await waitFor('the realtime socket to connect', async () =>
      (await page.locator('fleet-connection-indicator').getAttribute('data-status')) === 'connected',
    );
  });

  it('creates a car from the dialog and shows it come online in the grid', async () => {
    await createCars(page, 'munich', 1);

    const row = page.locator('[data-testid="car-row"][data-connection="online"]');
    await row.first().waitFor({ timeout: 45_000 });
    carId = (await row.first().getAttribute('data-car-id')) ?? '';
    expect(carId).toMatch(/^[a-zA-Z0-9_-]{1,63}$/);
    expect(await row.first().getAttribute('data-display')).toBe('parked');
    expect(agentProcesses(api.dataDir).map((p) => p.name)).toEqual([carId]);
    await shot('grid-online');
  });

  it('drives and parks the car from the grid and sees the car report back', async () => {
    const row = carRow(page, carId);
    await row.getByTestId('toggle-state').click();
    await waitFor('the row to show a driving car (green ok)', async () => (await row.getAttribute('data-display')) === 'ok');
    await shot('grid-driving');
    await row.getByTestId('toggle-state').click();
    await waitFor('the row to show a parked car (grey)', async () => (await row.getAttribute('data-display')) === 'parked');
  });

  it('updates the car to 1.2.4 from its page and sees the new version and a successful history entry', async () => {
    await carRow(page, carId).getByRole('button', { name: `Open car ${carId}` }).click();
    await page.waitForURL(new RegExp(`/cars/${carId}$`));
    await waitFor('the car page to show version 1.2.3', async () => (await page.getByTestId('fact-version').textContent())?.trim() === '1.2.3');
    await page.getByTestId('update-car').click();
    await chooseVersion(page, '1.2.4');
    await page.locator('[data-testid="history-row"][data-to-version="1.2.4"]').first().waitFor();
    await shot('detail-updating');
    await waitFor(
      'the car page to show version 1.2.4',
      async () => (await page.getByTestId('fact-version').textContent())?.trim() === '1.2.4',
      90_000,
      250,
    );
    await waitFor(
      'the history to show the update succeeded',
      async () => (await page.locator('[data-testid="history-row"]').first().getAttribute('data-result')) === 'succeeded',
      30_000,
      250,
    );
    await shot('detail-updated');
  }, 150_000);

  it('rolls the car back to its previous version from its page', async () => {
    await page.getByTestId('rollback-car').click();
    await page.getByTestId('rollback-submit').click();
    const summary = await waitFor('the rollback result', async () => (await page.getByTestId('bulk-summary').textContent())?.trim() || undefined);
    expect(summary).toBe('1 accepted, 0 refused');
    await page.getByTestId('bulk-result-close').click();
    await waitFor(
      'the car page to show version 1.2.3 again',
      async () => (await page.getByTestId('fact-version').textContent())?.trim() === '1.2.3',
      90_000,
      250,
    );
    await waitFor('the rollback to succeed in the history', async () => {
      const newest = page.locator('[data-testid="history-row"]').first();
      return (await newest.getAttribute('data-result')) === 'succeeded' && (await newest.getAttribute('data-to-version')) === '1.2.3';
    });
    await shot('detail-rolled-back');
  }, 120_000);

  it('updates the selected car from the grid and shows the per-car result', async () => {
    await page.getByRole('link', { name: 'All cars' }).click();
    await carRow(page, carId).getByTestId('select-car').click();
    await page.getByTestId('bulk-update').click();
    await chooseVersion(page, '1.2.4');
    await page.locator('[data-testid="bulk-result-row"][data-status="accepted"]').waitFor();
    await shot('grid-bulk-result');
    await page.getByTestId('bulk-result-close').click();
    await waitFor(
      'the row to show version 1.2.4',
      async () => (await carRow(page, carId).locator('[role="cell"]').nth(8).textContent())?.trim() === '1.2.4',
      90_000,
      250,
    );
  }, 120_000);

  it('shows the Symphony objects behind the update', async () => {
    await page.goto(`${api.baseUrl}/symphony`);
    await page.getByRole('tab', { name: /^Instances/ }).click();
    await page.getByRole('button', { name: `fleet-car-${carId}` }).click();
    await page.getByText(`Deployment summary of fleet-car-${carId}`).waitFor();
    await shot('symphony-summary');
  });

  it('shows a viewer the fleet without any write control', async () => {
    const created = await api.request('POST', '/api/users', { ...VIEWER, role: 'viewer' });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const viewer = await context.newPage();
    const viewerProblems = watchProblems(viewer);
    try {
      await signIn(viewer, api.baseUrl, VIEWER);
      await carRow(viewer, carId).waitFor();
      for (const id of ['create-cars', 'bulk-update', 'rollback', 'select-all', 'select-car', 'toggle-state', 'delete-car']) {
        expect(await viewer.getByTestId(id).count()).toBe(0);
      }
      expect(await viewer.getByRole('link', { name: /Users/ }).count()).toBe(0);
      await shot('viewer-grid', viewer);
      await carRow(viewer, carId).getByRole('button', { name: `Open car ${carId}` }).click();
      await viewer.locator('[data-testid="history-row"]').first().waitFor();
      for (const id of ['update-car', 'rollback-car', 'toggle-state', 'delete-car']) {
        expect(await viewer.getByTestId(id).count()).toBe(0);
      }
      await shot('viewer-detail', viewer);
      expect(viewerProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('deletes the car, its agent process ends, and the admin signs out', async () => {
    await page.goto(`${api.baseUrl}/cars`);
    const row = carRow(page, carId);
    await row.getByTestId('delete-car').click();
    await page.getByTestId('confirm-delete').click();
    await waitFor('the row to disappear', async () => (await carRow(page).count()) === 0);
    await waitFor('the agent to exit', () => agentProcesses(api.dataDir).length === 0, 10_000);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
    expect(problems).toEqual([]);
  });
});
