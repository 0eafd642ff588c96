import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, Router, type ParamMap } from '@angular/router';
import { AuthSession, CarsStore, FleetSummaryStore } from '@fleet/console/data-access';
import {
  CarFilters,
  CarGrid,
  CreateCarsDialog,
  type CarFilterValue,
  type CreateCarsDialogData,
} from '@fleet/console/ui';
import { CAR_DISPLAY_STATUSES } from '@fleet/shared/contracts';
import type { CarDisplayStatus, CarView, CreateCarsDto } from '@fleet/shared/contracts';
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
    // The filter lives in the address (`/cars?region=berlin&status=failed&search=b-`): shareable, kept on reload.
    const fromUrl = filterFromParams(this.route.snapshot.queryParamMap);
    this.store.start(fromUrl ?? undefined);
    if (fromUrl) this.filterValue.set(fromUrl);
  }

  protected onFilter(value: CarFilterValue): void {
    this.filterValue.set(value);
    this.store.setFilter(value);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { region: value.region || null, status: value.status || null, search: value.search?.trim() || null },
      replaceUrl: true,
    });
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

/** The filter a link or a reload carries; null without one. An unknown status is ignored. */
function filterFromParams(params: ParamMap): CarFilterValue | null {
  const region = params.get('region') ?? undefined;
  const search = params.get('search') ?? undefined;
  const status = params.get('status');
  const known = (CAR_DISPLAY_STATUSES as readonly string[]).includes(status ?? '') ? (status as CarDisplayStatus) : undefined;
  const value: CarFilterValue = { ...(region ? { region } : {}), ...(known ? { status: known } : {}), ...(search ? { search } : {}) };
  return Object.keys(value).length > 0 ? value : null;
}
