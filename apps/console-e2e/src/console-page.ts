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
