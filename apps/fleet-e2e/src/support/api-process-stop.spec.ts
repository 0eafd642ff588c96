import { exitOrTimeout } from '@fleet/e2e/support';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe(exitOrTimeout.name, () => {
  it('clears its timer once the process has exited, so jest can exit', async () => {
    const before = activeTimers();
    await expect(exitOrTimeout(Promise.resolve(0), 20_000)).resolves.toBe(0);
    expect(activeTimers()).toBe(before);
  });

  it('answers timeout when the process does not exit in time', async () => {
    const before = activeTimers();
    const never = new Promise<number>(() => undefined);
    await expect(exitOrTimeout(never, 10)).resolves.toBe('timeout');
    expect(activeTimers()).toBe(before);
  });
});
