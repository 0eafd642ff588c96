import type { Provider } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { TEST_CLOCK_OFF, TestClock } from '../../common/test-clock';
import { AppConfigService } from '../../config/app-config.service';

/**
 * The clock of everything in RolloutModule (engine, scheduler, dispatcher, progress, mirror): the system clock,
 * or with FLEET_TEST_CLOCK=1 a TestClock that end-to-end tests move for schedules and maintenance windows. Only
 * the rollouts see it: tokens, rate limits and car heartbeats keep the real time. Known limit: the updates module
 * stamps its history with the real time, so a shifted clock makes the dispatcher's fallback match of an unmarked
 * history entry (a resumed update, 60 s of grace) miss; tests shift the clock only where no car resumes.
 */
export const rolloutClockProvider: Provider = {
  provide: Clock,
  inject: [AppConfigService],
  useFactory: (config: AppConfigService): Clock => {
    const settings = config.get('testClock') ?? TEST_CLOCK_OFF;
    return settings.enabled ? new TestClock(settings.offsetMs) : new Clock();
  },
};
