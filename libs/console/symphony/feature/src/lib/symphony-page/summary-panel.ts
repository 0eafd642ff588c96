import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SummaryView } from '@fleet/console/data-access';
import { coaStateName, SummaryState } from '@fleet/shared/contracts';

const STATE_LABELS: Record<number, string> = {
  [SummaryState.Pending]: 'Pending',
  [SummaryState.Running]: 'Running',
  [SummaryState.Done]: 'Done',
};

/** The latest deployment summary of one instance: counts, then each target's components with their COA codes. */
@Component({
  selector: 'fleet-summary-panel',
  imports: [DatePipe],
  template: `
    @let view = summary();
    <h3>Deployment summary of {{ view.instance }}</h3>
    @switch (view.status) {
      @case ('loading') {
        <p class="muted">Loading…</p>
      }
      @case ('none') {
        <p class="muted">No deployment yet.</p>
      }
      @case ('error') {
        <p class="error" role="alert">{{ view.error }}</p>
      }
      @case ('ready') {
        @let s = view.result.summary;
        <dl data-testid="summary-facts">
          <div><dt>State</dt><dd>{{ stateLabel() }}</dd></div>
          <div><dt>When</dt><dd>{{ view.result.time | date: 'medium' }}</dd></div>
          <div><dt>Generation</dt><dd>{{ view.result.generation }}</dd></div>
          <div><dt>Targets</dt><dd>{{ s.successCount }}/{{ s.targetCount }} succeeded</dd></div>
          <div><dt>Components</dt><dd>{{ s.currentDeployed }}/{{ s.plannedDeployment }} deployed</dd></div>
          <div><dt>All deployed</dt><dd>{{ s.allAssignedDeployed ? 'yes' : 'no' }}</dd></div>
        </dl>
        @if (s.message) {
          <p>{{ s.message }}</p>
        }
        <table class="results" aria-label="Results per target and component">
          <thead>
            <tr><th>Target</th><th>Component</th><th>Result</th><th>Message</th></tr>
          </thead>
          <tbody>
            @for (row of results(); track row.target + row.component) {
              <tr>
                <td>{{ row.target }}</td>
                <td>{{ row.component }}</td>
                <td>{{ row.result }}</td>
                <td>{{ row.message }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      margin-top: 16px;
      padding: 8px 16px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
    }
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
      gap: 8px;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
    }
    dd {
      margin: 0;
    }
    .results th,
    .results td {
      padding: 2px 16px 2px 0;
      text-align: left;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SummaryPanel {
  readonly summary = input.required<SummaryView>();

  protected readonly stateLabel = computed(() => {
    const view = this.summary();
    return view.status === 'ready' ? (STATE_LABELS[view.result.state] ?? String(view.result.state)) : '';
  });

  protected readonly results = computed(() => {
    const view = this.summary();
    if (view.status !== 'ready') return [];
    return Object.entries(view.result.summary.targets ?? {}).flatMap(([target, result]) => {
      const components = Object.entries(result.components ?? {});
      if (components.length === 0) return [{ target, component: '—', result: result.status, message: result.message ?? '' }];
      return components.map(([component, c]) => ({
        target,
        component,
        result: `${coaStateName(c.status)} (${c.status})`,
        message: c.message,
      }));
    });
  });
}
