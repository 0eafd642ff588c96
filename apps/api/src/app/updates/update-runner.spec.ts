import { coalescedWriter } from './update-runner';

/** A write whose completion the test controls; it records the state it snapshots when it starts. */
function controlledWrites(state: { value: string }) {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const write = () =>
    new Promise<void>((resolve) => {
      started.push(state.value);
      finishers.push(resolve);
    });
  const finishNext = async () => {
    finishers.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, write, finishNext };
}

describe(coalescedWriter.name, () => {
  it('writes at once when nothing runs', async () => {
    const state = { value: 'planning' };
    const { started, write, finishNext } = controlledWrites(state);
    const save = coalescedWriter(write);

    const done = save();
    expect(started).toEqual(['planning']);
    await finishNext();
    await expect(done).resolves.toBeUndefined();
  });

  it('shares one queued write among the requests made while a write runs, and it carries the newest state', async () => {
    const state = { value: 'planning' };
    const { started, write, finishNext } = controlledWrites(state);
    const save = coalescedWriter(write);

    const first = save();
    state.value = 'applying';
    const second = save();
    state.value = 'finished';
    const third = save();

    expect(second).toBe(third);
    expect(started).toEqual(['planning']);
    await finishNext();
    await first;
    expect(started).toEqual(['planning', 'finished']);
    await finishNext();
    await third;
    expect(started).toHaveLength(2);
  });

  it('never resolves a request before a write that started after it has finished', async () => {
    const state = { value: 'a' };
    const { started, write, finishNext } = controlledWrites(state);
    const save = coalescedWriter(write);
    let settled = false;

    void save();
    state.value = 'b';
    void save().then(() => (settled = true));
    await finishNext();
    expect(settled).toBe(false);
    await finishNext();
    expect(settled).toBe(true);
    expect(started).toEqual(['a', 'b']);

    state.value = 'c';
    void save();
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
