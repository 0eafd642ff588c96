import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Fleet } from './fleet';
import type { FigureResult } from './report';
import { summarize } from './stats';

const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/** Signs in once, then loads /cars `runs` times: time from navigation to the first grid row and to first paint. */
export async function consoleBench(fleet: Fleet, runs: number): Promise<FigureResult> {
  const base = { figure: 'console', cars: fleet.cars, values: {}, targets: { 'first paint <= 1.5 s at 10,000 cars': null } };
  if (!existsSync(CHROMIUM)) return { ...base, skipped: `no chromium at ${CHROMIUM}` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const { api } = fleet;
    await page.goto(`${api.baseUrl}/login`, { waitUntil: 'commit' });
    await page
      .getByTestId('login-username')
      .fill(api.admin.username, { timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`no login page: ${error.message.split('\n')[0]}; page errors: ${pageErrors.join('; ') || 'none'}`);
      });
    await page.getByTestId('login-password').fill(api.admin.password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="car-row"]').first().waitFor({ timeout: 30_000 });
    const gridMs: number[] = [];
    const paintMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await page.goto(`${api.baseUrl}/cars`, { waitUntil: 'commit' });
      await page.locator('[data-testid="car-row"]').first().waitFor({ timeout: 30_000 });
      gridMs.push(performance.now() - t0);
      // A string, so the bundler-free transpiler cannot rewrite `performance` to the Node import.
      const fcp = Number(await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"));
      if (fcp >= 0) paintMs.push(fcp);
    }
    const grid = summarize(gridMs);
    const paint = summarize(paintMs);
    return {
      ...base,
      values: { runs, gridRowsP50Ms: grid.p50, gridRowsMaxMs: grid.max, firstContentfulPaintP50Ms: paint.p50 },
      targets: { 'first paint <= 1.5 s at 10,000 cars': fleet.cars >= 10_000 ? grid.max <= 1500 : null },
    };
  } finally {
    await browser.close();
  }
}
