import type { Page } from 'playwright-core';

/** Types into a wizard field and leaves it (which closes any autocomplete panel it opened). */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(value);
  await field.press('Tab');
}

/** Picks `version` in the wizard's version picker and waits for its release notes. */
export async function pickVersion(page: Page, version: string): Promise<void> {
  await page.getByTestId('version-select').click();
  await page.getByRole('option', { name: new RegExp(`^\\s*${version.replace(/\./g, '\\.')}\\b`) }).click();
  await page.getByTestId('release-notes').waitFor();
}

/** A stage card of the live view. */
export function stage(page: Page, name: string) {
  return page.locator(`fleet-stage-progress[data-stage="${name}"]`);
}

/** The count a stage's legend shows for `bucket` (0 when the legend leaves it out). */
export async function bucketCount(page: Page, stageName: string, bucket: string): Promise<number> {
  const item = stage(page, stageName).getByTestId(`bucket-${bucket}`);
  return (await item.count()) === 0 ? 0 : Number(await item.getAttribute('data-count'));
}

/** Waits (up to `timeoutMs`) until no CSS animation or transition runs, so that a screenshot shows the end state. */
export async function animationsDone(page: Page, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const running = await page.evaluate(
      () => document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length,
    );
    if (running === 0) return;
    await page.waitForTimeout(50);
  }
}
