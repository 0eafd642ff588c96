import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock, TimerHandle } from '../../common/clock';
import { CampaignsService } from '../../symphony/campaigns.service';
import type { RolloutState } from '../engine/records';
import { campaignObjects } from './campaign-objects';

/** Activation statuses are written at most this often per rollout (the latest state wins). */
export const MIRROR_INTERVAL_MS = 1000;

/**
 * Keeps each rollout visible to Symphony clients (`/v1alpha2/campaigns`, `campaignversions`,
 * `activations/registry`) through the Symphony control plane's own store. Best effort: the rollout tables are the
 * record; a failed write is logged and the next change writes again.
 */
@Injectable()
export class RolloutCampaignMirror implements OnModuleDestroy {
  private readonly logger = new Logger(RolloutCampaignMirror.name);
  private readonly waiting = new Map<
    string,
    { timer: TimerHandle; latest: RolloutState }
  >();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  changed(state: RolloutState): void {
    const id = state.rollout.id;
    const waiting = this.waiting.get(id);
    if (waiting) {
      waiting.latest = state;
      return;
    }
    const timer = this.clock.setTimeout(
      () => this.flush(id),
      MIRROR_INTERVAL_MS,
    );
    this.waiting.set(id, { timer, latest: state });
  }

  /** Writes now (at boot, for every rollout). */
  write(state: RolloutState): Promise<void> {
    const { campaign, campaignVersion, activation } = campaignObjects(state);
    this.writing = this.writing
      .then(async () => {
        await this.campaigns.upsertCampaign(campaign);
        await this.campaigns.upsertCampaignVersion(campaignVersion);
        await this.campaigns.upsertActivation(activation);
      })
      .catch((error: Error) =>
        this.logger.warn(
          `rollout=${state.rollout.id} not mirrored to Symphony: ${error.message}`,
        ),
      );
    return this.writing;
  }

  onModuleDestroy(): void {
    for (const { timer } of this.waiting.values())
      this.clock.clearTimeout(timer);
    this.waiting.clear();
  }

  private flush(id: string): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (waiting) void this.write(waiting.latest);
  }
}
