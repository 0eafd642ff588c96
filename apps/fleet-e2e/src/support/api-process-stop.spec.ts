import { exitOrTimeout } from '@fleet/e2e/support';

describe(exitOrTimeout.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('clears its timer once the process has exited, so jest can exit', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');

    await expect(exitOrTimeout(Promise.resolve(0), 20_000)).resolves.toBe(0);

    const timers = setTimeoutSpy.mock.results.map((r) => r.value);
    expect(timers).toHaveLength(1);
    expect(clearTimeoutSpy).toHaveBeenCalledWith(timers[0]);
  });

  it('answers timeout when the process does not exit in time', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(exitOrTimeout(never, 10)).resolves.toBe('timeout');
  });
});
