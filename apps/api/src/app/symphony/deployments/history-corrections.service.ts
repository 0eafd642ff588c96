import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Subscription } from 'rxjs';
import { Clock } from '../../common/clock';
import { UpdateHistoryRepository } from '../../updates/update-history.repository';
import { UpdateRunner } from '../../updates/update-runner';
import type { ConfirmedDeployment } from '../reconcile/timeout-confirmer';
import { TimeoutConfirmer } from '../reconcile/timeout-confirmer';

/**
 * Writes what a car confirmed after the provider timeout into the history entry that waited for it (the
 * entry's id is the job id): its result, the car's codes and messages, the car's update state, and the
 * `finished$` announcement the update path makes for every deployment that ends.
 */
@Injectable()
export class HistoryCorrections
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(HistoryCorrections.name);
  private subscription?: Subscription;

  constructor(
    private readonly confirmer: TimeoutConfirmer,
    private readonly history: UpdateHistoryRepository,
    private readonly runner: UpdateRunner,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.confirmer.confirmed$.subscribe((confirmed) => {
      this.correct(confirmed).catch((error: Error) =>
        this.logger.warn(
          `history of job ${confirmed.jobId} not corrected: ${error.message}`,
        ),
      );
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** True when a pending entry was settled. */
  async correct({
    jobId,
    outcome,
    via,
  }: ConfirmedDeployment): Promise<boolean> {
    const entry = await this.history.findById(jobId);
    if (!entry || entry.result !== 'pending') return false;
    entry.result = outcome.result;
    entry.phase = 'finished';
    entry.finishedAt = this.clock.nowIso();
    entry.coaState = outcome.coaState;
    entry.details = {
      components:
        Object.keys(outcome.components).length > 0
          ? outcome.components
          : entry.details.components,
      plan: entry.details.plan,
      messages: [
        ...entry.details.messages,
        `confirmed by the car's ${via} after the provider timeout: ${outcome.result}`,
        ...outcome.messages,
      ],
    };
    await this.history.save(entry);
    this.runner.announce(entry, outcome);
    this.logger.log(
      `car=${entry.carId} ${entry.kind} to ${entry.toVersion}: ${outcome.result} (confirmed by ${via} after the timeout)`,
    );
    return true;
  }
}
