import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { AuthSession, CarDetailStore, CarUpdatesStore, FleetSummaryStore } from '@fleet/console/data-access';
import { CarFacts, CarStatusBadge, UpdateHistoryTable, WorkloadsTable } from '@fleet/console/ui';
import { CarActions } from '../shared/car-actions';
import { UpdateActions } from '../shared/update-actions';
import { CarLogsPanel } from './car-logs-panel';

/** `/cars/:id`: one car's status, vehicle state, workloads, update history and live logs; update and rollback. */
@Component({
  selector: 'fleet-car-detail-page',
  imports: [
    CarFacts,
    CarLogsPanel,
    CarStatusBadge,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    RouterLink,
    UpdateHistoryTable,
    WorkloadsTable,
  ],
  providers: [CarDetailStore, CarUpdatesStore],
  templateUrl: './car-detail-page.html',
  styleUrl: './car-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarDetailPage {
  /** The route's `:id` (component input binding). */
  readonly id = input.required<string>();

  protected readonly store = inject(CarDetailStore);
  protected readonly actions = inject(CarActions);
  protected readonly updates = inject(CarUpdatesStore);
  private readonly updateActions = inject(UpdateActions);
  private readonly fleet = inject(FleetSummaryStore);
  private readonly session = inject(AuthSession);
  /** Viewers see the car but no update, rollback, toggle or delete controls. */
  protected readonly canWrite = computed(() => this.session.can('operator'));
  private readonly router = inject(Router);

  protected readonly workloadNames = computed(() => [...new Set(this.store.workloads().map((w) => w.name))].sort());
  protected readonly busy = computed(() => this.actions.busy().has(this.id()));

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.store.load(id);
        this.updates.load(id);
      });
    });
  }

  protected toggle(): void {
    const car = this.store.car();
    if (car) this.actions.toggle(car, (state) => this.store.setVehicleState(state));
  }

  protected update(): void {
    const car = this.store.car();
    if (car) this.updateActions.updateOne(car, (version) => this.updates.update(version));
  }

  protected rollback(): void {
    const car = this.store.car();
    if (!car) return;
    this.updateActions.rollback(
      { carIds: [car.id], fixedCars: true, regions: this.fleet.regions(), models: [car.model], current: car.version },
      (body) => this.updates.rollback(body.toVersion),
    );
  }

  protected delete(): void {
    this.actions.delete({ id: this.id() }, () => this.store.remove(), () => void this.router.navigate(['/cars']));
  }
}
