import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, Router } from '@angular/router';
import { AuthSession, CarsStore, FleetSummaryStore } from '@fleet/console/data-access';
import {
  CarFilters,
  CarGrid,
  CreateCarsDialog,
  type CarFilterValue,
  type CreateCarsDialogData,
} from '@fleet/console/ui';
import type { CarView, CreateCarsDto } from '@fleet/shared/contracts';
import { filter, switchMap } from 'rxjs';
import { CarActions } from '../shared/car-actions';
import { Notifier } from '../shared/notifier';
import { UpdateActions } from '../shared/update-actions';

/** `/cars`: the live fleet grid with filters, batch creation and per-car actions. */
@Component({
  selector: 'fleet-cars-page',
  imports: [CarFilters, CarGrid, MatButtonModule, MatIconModule],
  templateUrl: './cars-page.html',
  styleUrl: './cars-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarsPage {
  protected readonly store = inject(CarsStore);
  protected readonly fleet = inject(FleetSummaryStore);
  protected readonly actions = inject(CarActions);
  private readonly updates = inject(UpdateActions);
  /** Viewers see the fleet but no create, toggle, delete, update or rollback controls. */
  protected readonly canWrite = computed(() => this.session.can('operator'));
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly session = inject(AuthSession);

  protected readonly filterValue = signal<CarFilterValue>(this.store.filter());

  constructor() {
    this.store.start();
  }

  protected onFilter(value: CarFilterValue): void {
    this.filterValue.set(value);
    this.store.setFilter(value);
  }

  protected openCreate(): void {
    const data: CreateCarsDialogData = { regions: this.fleet.regions() };
    this.dialog
      .open<CreateCarsDialog, CreateCarsDialogData, CreateCarsDto>(CreateCarsDialog, { data })
      .afterClosed()
      .pipe(
        filter((body): body is CreateCarsDto => body !== undefined),
        switchMap((body) => this.store.createBatch(body)),
      )
      .subscribe({
        next: (cars) => this.notifier.info(`Created ${cars.length} car${cars.length === 1 ? '' : 's'}`),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected updateSelected(): void {
    const ids = [...this.selected()];
    const models = this.store
      .cars()
      .filter((car) => this.selected().has(car.id))
      .map((car) => car.model);
    this.updates.updateMany(ids, models);
  }

  protected rollback(): void {
    this.updates.rollback({ carIds: [...this.selected()], regions: this.fleet.regions() });
  }

  protected toggle(car: CarView): void {
    this.actions.toggle(car, (state) => this.store.setVehicleState(car.id, state));
  }

  protected delete(car: CarView): void {
    this.actions.delete(car, () => this.store.remove(car.id));
  }

  protected open(car: CarView): void {
    void this.router.navigate([car.id], { relativeTo: this.route });
  }
}
