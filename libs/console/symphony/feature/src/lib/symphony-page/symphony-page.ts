import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
} from '@angular/core';
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
  imports: [
    MatButtonModule,
    MatIconModule,
    MatTabsModule,
    ObjectTable,
    SummaryPanel,
  ],
  providers: [SymphonyStore],
  templateUrl: './symphony-page.html',
  styleUrl: './symphony-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SymphonyPage {
  protected readonly store = inject(SymphonyStore);
  /** One tab per object kind; only instances are selectable (their summary shows below the table). */
  protected readonly tabs = computed(() => [
    {
      id: 'solutions',
      tab: 'Solutions',
      label: 'Solutions',
      columns: SOLUTION_COLUMNS,
      rows: solutionRows(
        this.store.solutions.items(),
        this.store.versions.items(),
      ),
      list: this.store.solutions,
    },
    {
      id: 'versions',
      tab: 'Versions',
      label: 'Solution versions',
      columns: VERSION_COLUMNS,
      rows: versionRows(this.store.versions.items()),
      list: this.store.versions,
    },
    {
      id: 'targets',
      tab: 'Targets',
      label: 'Targets',
      columns: TARGET_COLUMNS,
      rows: targetRows(this.store.targets.items()),
      list: this.store.targets,
    },
    {
      id: 'instances',
      tab: 'Instances',
      label: 'Instances',
      columns: INSTANCE_COLUMNS,
      rows: instanceRows(this.store.instances.items()),
      list: this.store.instances,
    },
  ]);
  protected readonly selectedInstance = computed(
    () => this.store.summary()?.instance ?? null,
  );

  constructor() {
    this.store.loadAll();
  }
}
