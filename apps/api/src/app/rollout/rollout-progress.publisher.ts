import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Clock, TimerHandle } from '../common/clock';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import type { RolloutState } from './engine/records';
import { toProgress } from './engine/views';

/** At most one `rollout.progress` per rollout in this interval: a few per second, never one per car. */
export const PROGRESS_INTERVAL_MS = 250;

/** Sends aggregated per-stage counters; changes within the interval go out together, the latest state last. */
@Injectable()
export class RolloutProgressPublisher implements OnModuleDestroy {
  private readonly cooling = new Map<
    string,
    { timer: TimerHandle; pending: RolloutState | null }
  >();

  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly clock: Clock,
  ) {}

  changed(state: RolloutState): void {
    const id = state.rollout.id;
    const cooling = this.cooling.get(id);
    if (cooling) {
      cooling.pending = state;
      return;
    }
    this.send(state);
    const timer = this.clock.setTimeout(
      () => this.cooled(id),
      PROGRESS_INTERVAL_MS,
    );
    this.cooling.set(id, { timer, pending: null });
  }

  onModuleDestroy(): void {
    for (const { timer } of this.cooling.values())
      this.clock.clearTimeout(timer);
    this.cooling.clear();
  }

  private cooled(id: string): void {
    const pending = this.cooling.get(id)?.pending;
    this.cooling.delete(id);
    if (pending) this.changed(pending);
  }

  private send(state: RolloutState): void {
    this.gateway.send(
      'rollout.progress',
      toProgress(state, this.clock.nowIso()),
    );
  }
}
