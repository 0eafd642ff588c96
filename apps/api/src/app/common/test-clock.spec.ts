import { ConfigError, loadConfig } from '../config/load-config';
import { MAX_CLOCK_OFFSET_MS, TestClock, testClockError } from './test-clock';

describe(TestClock.name, () => {
  let system = Date.parse('2026-03-02T10:00:00.000Z');
  const systemNow = () => system;

  it('reads the system time shifted by its offset, and keeps running', () => {
    const clock = new TestClock(60_000, systemNow);
    expect(clock.nowIso()).toBe('2026-03-02T10:01:00.000Z');
    system += 5_000;
    expect(clock.nowIso()).toBe('2026-03-02T10:01:05.000Z');
  });

  it('jumps to a given time and to a given offset', () => {
    const clock = new TestClock(0, systemNow);
    clock.setNow(new Date('2026-03-07T21:59:58.000Z'));
    expect(clock.nowIso()).toBe('2026-03-07T21:59:58.000Z');
    expect(clock.offset).toBe(Date.parse('2026-03-07T21:59:58.000Z') - system);
    clock.setOffset(-1_000);
    expect(clock.now().getTime()).toBe(system - 1_000);
  });

  it('refuses a shift of more than ten years', () => {
    expect(() => new TestClock(MAX_CLOCK_OFFSET_MS + 1)).toThrow(RangeError);
    const clock = new TestClock(0, systemNow);
    expect(() => clock.setNow(new Date('2099-01-01T00:00:00Z'))).toThrow(
      RangeError,
    );
    expect(clock.offset).toBe(0);
  });
});

describe(testClockError.name, () => {
  it('is off by default, and an offset alone is refused', () => {
    expect(testClockError({})).toBeNull();
    expect(testClockError({ FLEET_TEST_CLOCK: '1', CLOCK_OFFSET_MS: 5 })).toBe(
      null,
    );
    expect(testClockError({ CLOCK_OFFSET_MS: 5 })).toBe(
      'CLOCK_OFFSET_MS needs FLEET_TEST_CLOCK=1',
    );
    expect(testClockError({ FLEET_TEST_CLOCK: '0', CLOCK_OFFSET_MS: 5 })).toBe(
      'CLOCK_OFFSET_MS needs FLEET_TEST_CLOCK=1',
    );
  });

  it('refuses the test clock in production', () => {
    expect(
      testClockError({ FLEET_TEST_CLOCK: '1', NODE_ENV: 'production' }),
    ).toBe('FLEET_TEST_CLOCK=1 is refused with NODE_ENV=production');
  });
});

describe('the test clock in the configuration', () => {
  const load = (env: Record<string, string>) =>
    loadConfig(env, '/repo/dist/apps/api', '/work').testClock;

  it('is off unless FLEET_TEST_CLOCK=1, and takes its offset from CLOCK_OFFSET_MS', () => {
    expect(load({})).toEqual({ enabled: false, offsetMs: 0 });
    expect(load({ FLEET_TEST_CLOCK: '1', CLOCK_OFFSET_MS: '-5000' })).toEqual({
      enabled: true,
      offsetMs: -5000,
    });
  });

  it('stops the boot with a message naming the variable', () => {
    expect(() => load({ CLOCK_OFFSET_MS: '5000' })).toThrow(
      new ConfigError(
        'Invalid configuration: CLOCK_OFFSET_MS needs FLEET_TEST_CLOCK=1',
      ),
    );
    expect(() => load({ FLEET_TEST_CLOCK: 'yes' })).toThrow(
      /FLEET_TEST_CLOCK="yes"/,
    );
    expect(() =>
      load({ FLEET_TEST_CLOCK: '1', NODE_ENV: 'production' }),
    ).toThrow(/refused with NODE_ENV=production/);
  });
});
