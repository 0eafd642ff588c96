import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { TEST_CLOCK_OFF, TestClock } from '../../common/test-clock';
import type { AppConfigService } from '../../config/app-config.service';
import { rolloutClockProvider } from './rollout-clock';
import { TestClockController } from './test-clock.controller';

function rolloutClock(settings?: { enabled: boolean; offsetMs: number }) {
  const config = { get: () => settings } as unknown as AppConfigService;
  const factory = (
    rolloutClockProvider as { useFactory: (c: AppConfigService) => Clock }
  ).useFactory;
  return factory(config);
}

describe(TestClockController.name, () => {
  it('gives the rollouts the system clock unless FLEET_TEST_CLOCK=1, and then answers 404', () => {
    for (const clock of [rolloutClock(), rolloutClock(TEST_CLOCK_OFF)]) {
      expect(clock).not.toBeInstanceOf(TestClock);
      const controller = new TestClockController(clock);
      expect(() => controller.getTestClock()).toThrow(NotFoundException);
      expect(() => controller.setTestClock({ offsetMs: 1 })).toThrow(
        NotFoundException,
      );
    }
  });

  it('starts at CLOCK_OFFSET_MS and moves to a time or an offset', () => {
    const clock = rolloutClock({ enabled: true, offsetMs: 3_600_000 });
    expect(clock).toBeInstanceOf(TestClock);
    const controller = new TestClockController(clock);
    expect(controller.getTestClock().offsetMs).toBe(3_600_000);
    const at = controller.setTestClock({ at: '2030-01-05T21:59:00.000Z' });
    expect(Date.parse(at.now)).toBeGreaterThanOrEqual(
      Date.parse('2030-01-05T21:59:00.000Z'),
    );
    expect(
      Date.parse(at.now) - Date.parse('2030-01-05T21:59:00.000Z'),
    ).toBeLessThan(1_000);
    expect(controller.setTestClock({ offsetMs: 0 }).offsetMs).toBe(0);
  });

  it('answers 400 for neither or both of at and offsetMs, or a jump too far', () => {
    const controller = new TestClockController(new TestClock());
    expect(() => controller.setTestClock({})).toThrow(BadRequestException);
    expect(() =>
      controller.setTestClock({ at: '2026-01-01T00:00:00Z', offsetMs: 1 }),
    ).toThrow(BadRequestException);
    expect(() =>
      controller.setTestClock({ at: '2099-01-01T00:00:00Z' }),
    ).toThrow(BadRequestException);
  });
});
