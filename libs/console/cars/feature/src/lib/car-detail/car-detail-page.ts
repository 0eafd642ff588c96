import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { CarDetailStore } from '@fleet/console/data-access';
import { CarFacts, CarStatusBadge, WorkloadsTable } from '@fleet/console/ui';
import { CarActions } from '../shared/car-actions';
import { CarLogsPanel } from './car-logs-panel';

/** `/cars/:id`: one car's status, vehicle state, workloads and live logs. */
@Component({
  selector: 'fleet-car-detail-page',
  imports: [CarFacts, CarLogsPanel, CarStatusBadge, MatButtonModule, MatCardModule, MatIconModule, RouterLink, WorkloadsTable],
  providers: [CarDetailStore],
  templateUrl: './car-detail-page.html',
  styleUrl: './car-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarDetailPage {
  /** The route's `:id` (component input binding). */
  readonly id = input.required<string>();

  protected readonly store = inject(CarDetailStore);
  protected readonly actions = inject(CarActions);
  private readonly router = inject(Router);

  protected readonly workloadNames = computed(() => [...new Set(this.store.workloads().map((w) => w.name))].sort());
  protected readonly busy = computed(() => this.actions.busy().has(this.id()));

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.load(id));
    });
  }

  protected toggle(): void {
    const car = this.store.car();
    if (car) this.actions.toggle(car, (state) => this.store.setVehicleState(state));
  }

  protected delete(): void {
    this.actions.delete({ id: this.id() }, () => this.store.remove(), () => void this.router.navigate(['/cars']));
  }
}
