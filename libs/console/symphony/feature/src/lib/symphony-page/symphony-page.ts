import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { SymphonyStore } from '@fleet/console/data-access';
import { ObjectTable } from '../object-table/object-table';
import {
  INSTANCE_COLUMNS,
  instanceRows,
  SOLUTION_COLUMNS,
  solutionRows,
  TARGET_COLUMNS,
  targetRows,
  VERSION_COLUMNS,
  versionRows,
} from './symphony-rows';
import { SummaryPanel } from './summary-panel';

/** `/symphony`: the Symphony objects behind every update, read-only, from the API's `/v1alpha2` routes. */
@Component({
  selector: 'fleet-symphony-page',
  imports: [MatButtonModule, MatIconModule, MatTabsModule, ObjectTable, SummaryPanel],
  providers: [SymphonyStore],
  templateUrl: './symphony-page.html',
  styleUrl: './symphony-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SymphonyPage {
  protected readonly store = inject(SymphonyStore);
  protected readonly columns = { solutions: SOLUTION_COLUMNS, versions: VERSION_COLUMNS, targets: TARGET_COLUMNS, instances: INSTANCE_COLUMNS };
  protected readonly solutions = computed(() => solutionRows(this.store.solutions.items(), this.store.versions.items()));
  protected readonly versions = computed(() => versionRows(this.store.versions.items()));
  protected readonly targets = computed(() => targetRows(this.store.targets.items()));
  protected readonly instances = computed(() => instanceRows(this.store.instances.items()));
  protected readonly selectedInstance = computed(() => this.store.summary()?.instance ?? null);

  constructor() {
    this.store.loadAll();
  }
}
