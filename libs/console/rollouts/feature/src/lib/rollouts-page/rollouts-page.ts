import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { AuthSession, RolloutsApi, RolloutsStore } from '@fleet/console/data-access';
import { ROLLOUT_STATUS_LABELS, RolloutControls, RolloutStatusChip, STAGE_TONES, type RolloutAction } from '@fleet/console/ui';
import { ROLLOUT_STATUSES, type RolloutStageView, type RolloutStatus, type RolloutView } from '@fleet/shared/contracts';
import { finalize } from 'rxjs';
import { RolloutCommands, rolloutActorOf } from '../shared/rollout-commands';

/** `/rollouts`: the rollouts, newest first, a page at a time, live; status filter, stage progress and the commands by role. */
@Component({
  selector: 'fleet-rollouts-page',
  imports: [DatePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatPaginatorModule, MatSelectModule, MatTableModule, RolloutControls, RolloutStatusChip, RouterLink],
  templateUrl: './rollouts-page.html',
  styleUrl: './rollouts-page.scss',
  providers: [RolloutsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutsPage {
  protected readonly store = inject(RolloutsStore);
  private readonly api = inject(RolloutsApi);
  private readonly commands = inject(RolloutCommands);
  private readonly session = inject(AuthSession);

  protected readonly actor = computed(() => rolloutActorOf(this.session));
  protected readonly canCreate = computed(() => this.session.can('operator'));
  protected readonly busy = signal<string | null>(null);
  protected readonly statuses = ROLLOUT_STATUSES;
  protected readonly statusLabels = ROLLOUT_STATUS_LABELS;
  protected readonly columns = ['name', 'version', 'status', 'stages', 'createdBy', 'createdAt', 'actions'];

  constructor() {
    this.store.load();
  }

  protected tone(stage: RolloutStageView): string {
    return STAGE_TONES[stage.status];
  }

  protected filter(status: RolloutStatus | null): void {
    this.store.setStatus(status);
  }

  protected act(view: RolloutView, action: RolloutAction): void {
    this.busy.set(view.id);
    this.commands
      .run(view, action, (a) => (a === 'start' ? this.api.start(view.id) : this.api.command(view.id, a)))
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe((next) => this.store.replace(next));
  }
}
