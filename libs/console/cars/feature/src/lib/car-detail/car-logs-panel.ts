import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { CarLogsStore } from '@fleet/console/data-access';
import { LogViewer } from '@fleet/console/ui';

/** The live log viewer of one car: REST tail plus `car.logs` while following; unsubscribes when it leaves. */
@Component({
  selector: 'fleet-car-logs-panel',
  imports: [LogViewer],
  providers: [CarLogsStore],
  template: `<fleet-log-viewer
    [lines]="logs.lines()"
    [workloads]="workloads()"
    [error]="logs.error()"
    [(workload)]="workload"
    [(tail)]="tail"
    [(follow)]="follow"
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarLogsPanel {
  readonly carId = input.required<string>();
  readonly workloads = input<readonly string[]>([]);

  protected readonly logs = inject(CarLogsStore);
  protected readonly workload = signal<string | null>(null);
  protected readonly tail = signal(200);
  protected readonly follow = signal(true);

  constructor() {
    effect(() => {
      const view = { carId: this.carId(), tail: this.tail(), workload: this.workload(), follow: this.follow() };
      untracked(() => this.logs.configure(view));
    });
  }
}
