import type { Locator, Page } from 'playwright-core';

export interface Login {
  username: string;
  password: string;
}

/** Signs in through the login page and waits for the cars page. */
export async function signIn(page: Page, baseUrl: string, who: Login): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/cars/);
  await page.getByTestId('user-name').waitFor();
}

/**
 * Creates `count` cars in `region` through the grid's dialog. The dialog moves the focus to its first field once
 * its opening animation ends; a field filled before that could lose its text to the region field (seen in CI:
 * one car in region "munich2" instead of two in "munich"). So: wait for that focus, fill, check both values, submit.
 */
export async function createCars(page: Page, region: string, count: number): Promise<void> {
  await page.getByTestId('create-cars').click();
  // Scope to the open dialog: a dialog still animating out keeps its inputs in the page for a moment.
  const dialog = page.locator('mat-dialog-container').last();
  const regionField = dialog.getByTestId('create-region');
  const countField = dialog.getByTestId('create-count');
  await regionField.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'create-region', undefined, { timeout: 10_000 });
  await regionField.fill(region);
  await countField.fill(String(count));
  const values = [await regionField.inputValue(), await countField.inputValue()];
  if (values[0] !== region || values[1] !== String(count)) throw new Error(`create-cars dialog holds ${JSON.stringify(values)}, not ${JSON.stringify([region, String(count)])}`);
  await dialog.getByTestId('create-submit').click();
  await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
}

/** The grid row of one car. */
export function carRow(page: Page, carId?: string): Locator {
  return carId ? page.locator(`[data-testid="car-row"][data-car-id="${carId}"]`) : page.locator('[data-testid="car-row"]');
}

/** Picks `version` in the open update dialog and confirms. */
export async function chooseVersion(page: Page, version: string): Promise<void> {
  await page.getByTestId('version-select').click();
  await page.getByRole('option', { name: new RegExp(`^\\s*${version.replace(/\./g, '\\.')}\\b`) }).click();
  await page.getByTestId('version-details').waitFor();
  await page.getByTestId('update-submit').click();
}

/** Browser problems worth failing a test for: uncaught errors and 5xx answers of the API. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('console', (msg) => {
    // 4xx answers are part of the tests (403 for a viewer); the response listener reports 5xx.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return problems;
}
