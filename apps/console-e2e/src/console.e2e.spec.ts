import { agentProcesses, ApiProcess, WORKSPACE, waitFor } from '@fleet/e2e/support';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

const OUTPUT = join(WORKSPACE, 'test-output/console-e2e');

describe('console in a real browser against the real API', () => {
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    api = new ApiProcess();
    await api.start('console');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop('SIGTERM').catch(() => undefined);
    for (const leftover of api ? agentProcesses(api.dataDir) : []) process.kill(leftover.pid, 'SIGKILL');
  }, 60_000);

  it('creates a car from the dialog and shows it come online in the grid', async () => {
    await page.goto(api.baseUrl);
    await page.getByTestId('create-cars').click();

    const region = page.getByTestId('create-region');
    if ((await region.evaluate((el) => el.tagName)) === 'INPUT') {
      await region.fill('munich');
    } else {
      await region.click();
      await page.getByRole('option', { name: /munich/i }).click();
    }
    await page.getByTestId('create-count').fill('1');
    await page.getByTestId('create-submit').click();

    const row = page.locator('[data-testid="car-row"][data-connection="online"]');
    await row.first().waitFor({ timeout: 45_000 });
    const carId = await row.first().getAttribute('data-car-id');
    expect(carId).toMatch(/^[a-zA-Z0-9_-]{1,63}$/);
    expect(await row.first().getAttribute('data-display')).toBe('parked');
    expect(agentProcesses(api.dataDir).map((p) => p.name)).toEqual([carId]);

    await page.screenshot({ path: join(OUTPUT, 'grid-online.png'), fullPage: true });
  });

  it('drives and parks the car from the grid and sees the car report back', async () => {
    const row = page.locator('[data-testid="car-row"]').first();
    await row.getByTestId('toggle-state').click();
    await waitFor('the row to show a driving car (green ok)', async () => (await row.getAttribute('data-display')) === 'ok');
    await page.screenshot({ path: join(OUTPUT, 'grid-driving.png'), fullPage: true });
    await row.getByTestId('toggle-state').click();
    await waitFor('the row to show a parked car (grey)', async () => (await row.getAttribute('data-display')) === 'parked');
  });

  it('deletes the car and its agent process ends', async () => {
    const row = page.locator('[data-testid="car-row"]').first();
    await row.getByTestId('delete-car').click();
    await page.getByTestId('confirm-delete').click();
    await waitFor('the row to disappear', async () => (await page.locator('[data-testid="car-row"]').count()) === 0);
    await waitFor('the agent to exit', () => agentProcesses(api.dataDir).length === 0, 10_000);
    expect(pageErrors).toEqual([]);
  });
});
