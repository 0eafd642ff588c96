import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import type { CarWorkloadView, WorkloadHealth } from '@fleet/shared/contracts';
import { ExecutionStateBadge } from '../status/execution-state-badge';

const HEALTH_ICONS: Record<WorkloadHealth, string> = { healthy: 'favorite', unhealthy: 'heart_broken', unknown: 'help_outline' };

/** A car's Ankaios workloads with their execution state, image, version and health. */
@Component({
  selector: 'fleet-workloads-table',
  imports: [ExecutionStateBadge, MatIconModule, MatTableModule],
  templateUrl: './workloads-table.html',
  styleUrl: './workloads-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkloadsTable {
  readonly workloads = input.required<readonly CarWorkloadView[]>();
  /** Health by workload name; missing names show `unknown`. */
  readonly health = input<Readonly<Record<string, WorkloadHealth>>>({});

  protected readonly columns = ['name', 'state', 'health', 'image', 'version', 'runtime', 'restartPolicy'];
  protected readonly healthIcons = HEALTH_ICONS;

  protected healthOf(workload: CarWorkloadView): WorkloadHealth {
    return this.health()[workload.name] ?? 'unknown';
  }
}
