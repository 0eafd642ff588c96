import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild, type ElementRef } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AuthSession, RolloutDetailStore } from '@fleet/console/data-access';
import {
  approvalNote,
  RolloutCarsTable,
  RolloutControls,
  RolloutStatusChip,
  StageProgress,
  StageTimeline,
  type RolloutAction,
} from '@fleet/console/ui';
import type { CarBucket } from '@fleet/shared/contracts';
import { finalize } from 'rxjs';
import { RolloutCommands, rolloutActorOf } from '../shared/rollout-commands';
import { ScheduleStart } from './schedule-start';

/** `/rollouts/:id`: one rollout, live: its stages with bucket counts, the timeline, every car and the commands. */
@Component({
  selector: 'fleet-rollout-detail-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, MatIconModule, RolloutCarsTable, RolloutControls, RolloutStatusChip, RouterLink, ScheduleStart, StageProgress, StageTimeline],
  templateUrl: './rollout-detail-page.html',
  styleUrl: './rollout-detail-page.scss',
  providers: [RolloutDetailStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutDetailPage {
  /** The route's `:id` (component input binding). */
  readonly id = input.required<string>();

  protected readonly store = inject(RolloutDetailStore);
  private readonly commands = inject(RolloutCommands);
  private readonly session = inject(AuthSession);

  protected readonly actor = computed(() => rolloutActorOf(this.session));
  protected readonly busy = signal(false);
  private readonly carsSection = viewChild<ElementRef<HTMLElement>>('cars');
  protected readonly approvalNote = computed(() => {
    const view = this.store.view();
    return view ? approvalNote(view, this.actor()) : null;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.load(id));
    });
  }

  /** A stage's bucket count was clicked: the table shows those cars, from the first page. */
  protected showCars(stage: number, bucket: CarBucket): void {
    this.store.filterCars({ stage, bucket });
    // Not every environment scrolls (jsdom has no scrollIntoView).
    this.carsSection()?.nativeElement.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }

  /** A draft's start at `at` (ISO-8601), subject to approval like a start now. */
  protected scheduleStart(at: string): void {
    const view = this.store.view();
    if (!view) return;
    this.busy.set(true);
    this.commands
      .run(view, 'start', () => this.store.start(at))
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe();
  }

  protected act(action: RolloutAction): void {
    const view = this.store.view();
    if (!view) return;
    this.busy.set(true);
    this.commands
      .run(view, action, (a) => (a === 'start' ? this.store.start() : this.store.command(a)))
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe();
  }
}
