import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
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
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly actor = computed(() => rolloutActorOf(this.session));
  protected readonly canCreate = computed(() => this.session.can('operator'));
  protected readonly busy = signal<string | null>(null);
  protected readonly statuses = ROLLOUT_STATUSES;
  protected readonly statusLabels = ROLLOUT_STATUS_LABELS;
  protected readonly columns = ['name', 'version', 'status', 'stages', 'createdBy', 'createdAt', 'actions'];

  constructor() {
    // Status and page live in the address (`/rollouts?status=running&page=2`): a link or a reload shows the same.
    const params = this.route.snapshot.queryParamMap;
    const status = params.get('status');
    const page = Number(params.get('page') ?? 1);
    this.store.restore(
      (ROLLOUT_STATUSES as readonly string[]).includes(status ?? '') ? (status as RolloutStatus) : null,
      Number.isInteger(page) && page > 0 ? page : 1,
    );
  }

  protected tone(stage: RolloutStageView): string {
    return STAGE_TONES[stage.status];
  }

  protected filter(status: RolloutStatus | null): void {
    this.store.setStatus(status);
    this.remember();
  }

  protected toPage(page: number): void {
    this.store.setPage(page);
    this.remember();
  }

  private remember(): void {
    const page = this.store.page();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { status: this.store.status(), page: page > 1 ? page : null },
      replaceUrl: true,
    });
  }

  protected act(view: RolloutView, action: RolloutAction): void {
    this.busy.set(view.id);
    this.commands
      .run(view, action, (a) => (a === 'start' ? this.api.start(view.id) : this.api.command(view.id, a)))
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe((next) => this.store.replace(next));
  }
}
