import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { RolloutView } from '@fleet/shared/contracts';
import { rolloutActions, type RolloutAction, type RolloutActor } from './rollout-actions';

const ICONS: Record<RolloutAction, string> = {
  start: 'play_arrow',
  pause: 'pause',
  resume: 'play_circle',
  'next-stage': 'skip_next',
  cancel: 'cancel',
  rollback: 'history',
  approve: 'how_to_reg',
};

/** The commands of one rollout that its status and the user's role allow; labelled buttons or, compact, icons. */
@Component({
  selector: 'fleet-rollout-controls',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @for (a of actions(); track a) {
      @if (compact()) {
        <button
          mat-icon-button
          type="button"
          [attr.data-testid]="'rollout-' + a"
          [attr.aria-label]="label(a) + ' ' + rollout().name"
          [matTooltip]="label(a)"
          [disabled]="busy()"
          (click)="action.emit(a)"
        >
          <mat-icon>{{ icons[a] }}</mat-icon>
        </button>
      } @else if (a === 'approve') {
        <button mat-flat-button type="button" data-testid="rollout-approve" [disabled]="busy()" (click)="action.emit(a)">
          <mat-icon>{{ icons[a] }}</mat-icon>{{ label(a) }}
        </button>
      } @else {
        <button
          mat-stroked-button
          type="button"
          [class.danger]="a === 'cancel' || a === 'rollback'"
          [attr.data-testid]="'rollout-' + a"
          [disabled]="busy()"
          (click)="action.emit(a)"
        >
          <mat-icon>{{ icons[a] }}</mat-icon>{{ label(a) }}
        </button>
      }
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutControls {
  readonly rollout = input.required<RolloutView>();
  /** Null (signed out) shows nothing. */
  readonly actor = input.required<RolloutActor | null>();
  readonly busy = input(false);
  readonly compact = input(false);
  readonly action = output<RolloutAction>();

  protected readonly actions = computed(() => rolloutActions(this.rollout(), this.actor()));
  protected readonly icons = ICONS;

  protected label(action: RolloutAction): string {
    const pending = this.rollout().pendingApproval;
    switch (action) {
      case 'start':
        return 'Start';
      case 'pause':
        return 'Pause';
      case 'resume':
        return pending?.action === 'rollback' ? 'Decline rollback, resume' : 'Resume';
      case 'next-stage':
        return 'Next stage now';
      case 'cancel':
        return 'Cancel';
      case 'rollback':
        return 'Roll back';
      case 'approve':
        return pending?.action === 'rollback' ? 'Approve rollback' : 'Approve start';
    }
  }
}
