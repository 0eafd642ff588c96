import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { RolloutView } from '@fleet/shared/contracts';
import { rolloutTimeline, type TimelineKind } from './timeline-events';

const ICONS: Record<TimelineKind, string> = {
  created: 'edit_note',
  scheduled: 'schedule',
  approval: 'how_to_reg',
  started: 'play_arrow',
  'stage-started': 'flag',
  soak: 'hourglass_top',
  advanced: 'arrow_downward',
  succeeded: 'check_circle',
  failed: 'error',
  'rolling-back': 'undo',
  'rolled-back': 'history',
  cancelled: 'cancel',
  finished: 'sports_score',
};

/** The rollout's timeline: created, started, each stage started / soaking / advanced / failed / rolled back. */
@Component({
  selector: 'fleet-stage-timeline',
  imports: [DatePipe, MatIconModule],
  template: `
    <ol aria-label="Rollout timeline">
      @for (e of events(); track $index) {
        <li data-testid="timeline-event" [attr.data-kind]="e.kind" [attr.data-stage]="e.stage" [class]="e.kind">
          <mat-icon aria-hidden="true">{{ icons[e.kind] }}</mat-icon>
          <span class="when" [attr.title]="e.at">{{ e.at ? (e.at | date: 'MMM d, HH:mm:ss') : 'now' }}</span>
          <span>{{ e.text }}</span>
        </li>
      }
    </ol>
  `,
  styles: `
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 0 4px 10px;
      font: var(--mat-sys-body-medium);
    }
    mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
      color: var(--mat-sys-on-surface-variant);
    }
    .when {
      min-width: 110px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .failed mat-icon { color: #d93025; }
    .succeeded mat-icon, .advanced mat-icon { color: #1e8e3e; }
    .rolled-back mat-icon, .rolling-back mat-icon { color: #7627bb; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StageTimeline {
  readonly rollout = input.required<RolloutView>();
  protected readonly events = computed(() => rolloutTimeline(this.rollout()));
  protected readonly icons = ICONS;
}
