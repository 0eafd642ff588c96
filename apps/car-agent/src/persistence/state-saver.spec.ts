import { join } from 'node:path';
import { systemClock } from '../agent/clock';
import { desiredState, tempDir } from '../testing/factories';
import { MemoryLogger } from '../testing/memory-logger';
import { LAZY_SAVE_MS, SAVE_DEBOUNCE_MS, StateSaver } from './state-saver';
import { StateFile } from './state-file';

describe(StateSaver.name, () => {
  let dir: ReturnType<typeof tempDir>;
  let battery: number;
  let file: StateFile;
  let saves: number;

  const saver = () =>
    new StateSaver(file, systemClock, () => ({ desiredState: desiredState('adas'), vehicle: { state: 'parked', batteryPct: battery } }), new MemoryLogger());

  beforeEach(() => {
    jest.useFakeTimers();
    dir = tempDir();
    battery = 50;
    file = new StateFile(dir.path);
    saves = 0;
    const save = file.save.bind(file);
    file.save = (state) => {
      saves++;
      save(state);
    };
  });

  afterEach(() => {
    jest.useRealTimers();
    dir.remove();
  });

  it('coalesces changes into one save after the debounce', () => {
    const s = saver();
    s.enable();
    s.schedule();
    battery = 51;
    s.schedule();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(1);
    expect(file.load()).toMatchObject({ kind: 'loaded', state: { vehicle: { batteryPct: 51 } } });
  });

  it('saves a change that may wait within LAZY_SAVE_MS, sooner when a prompt change comes along', () => {
    const s = saver();
    s.enable();
    s.scheduleLazy();
    jest.advanceTimersByTime(LAZY_SAVE_MS - 1);
    expect(saves).toBe(0);
    jest.advanceTimersByTime(1);
    expect(saves).toBe(1);

    s.scheduleLazy();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    s.schedule();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(2);
    jest.advanceTimersByTime(LAZY_SAVE_MS);
    expect(saves).toBe(2);
  });

  it('never puts a prompt save off for a lazy one', () => {
    const s = saver();
    s.enable();
    s.schedule();
    s.scheduleLazy();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(1);
  });

  it('keeps changes in memory until enabled, then saves them', () => {
    const s = saver();
    s.schedule();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS * 5);
    expect(file.load()).toEqual({ kind: 'absent' });
    s.enable();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(1);
  });

  it('saves at once on flush and not again when nothing changed', () => {
    const s = saver();
    s.enable();
    s.schedule();
    s.flush();
    s.flush();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(1);
  });

  it('never saves once disabled', () => {
    const s = saver();
    s.enable();
    s.schedule();
    s.disable();
    s.flush();
    jest.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    expect(saves).toBe(0);
  });

  it('logs a failed save instead of throwing', () => {
    const logger = new MemoryLogger();
    const s = new StateSaver(new StateFile(join(dir.path, 'missing', 'folder')), systemClock, () => ({ desiredState: desiredState(), vehicle: { state: 'parked', batteryPct: 1 } }), logger);
    s.enable();
    s.schedule();
    expect(() => s.flush()).not.toThrow();
    expect(logger.messages('error')).toEqual(['saving the state failed']);
  });
});
