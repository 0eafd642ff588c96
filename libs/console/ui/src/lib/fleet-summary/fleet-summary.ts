import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { CAR_DISPLAY_STATUSES, type FleetSummary } from '@fleet/shared/contracts';
import { DISPLAY_LABELS } from '../status/labels';

/** Fleet counters from `fleet.summary`: total and one per display status. */
@Component({
  selector: 'fleet-summary',
  template: `
    <span class="counter total">
      Cars <strong data-testid="summary-total">{{ summary()?.total ?? '–' }}</strong>
    </span>
    @for (c of counters(); track c.status) {
      <span class="counter" [class]="'status-' + c.status" [attr.data-testid]="'summary-' + c.status">
        <span class="dot" aria-hidden="true"></span>{{ c.label }} <strong>{{ c.count }}</strong>
      </span>
    }
  `,
  styleUrl: './fleet-summary.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-label': 'Fleet summary' },
})
export class FleetSummaryBar {
  readonly summary = input<FleetSummary | null>(null);

  protected readonly counters = computed(() =>
    CAR_DISPLAY_STATUSES.map((status) => ({
      status,
      label: DISPLAY_LABELS[status],
      count: this.summary()?.byDisplay[status] ?? '–',
    })),
  );
}
