import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

const VIEW: Record<ConnectionStatus, { icon: string; label: string }> = {
  connected: { icon: 'wifi', label: 'Live' },
  connecting: { icon: 'sync_problem', label: 'Reconnecting' },
  disconnected: { icon: 'wifi_off', label: 'Offline' },
};

/** The realtime socket's state. */
@Component({
  selector: 'fleet-connection-indicator',
  imports: [MatIconModule, MatTooltipModule],
  template: `<mat-icon aria-hidden="true">{{ view().icon }}</mat-icon><span>{{ view().label }}</span>`,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 4px; font: var(--mat-sys-label-large); }
    :host(.connecting), :host(.disconnected) { opacity: 0.8; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class]': 'status()',
    '[attr.data-status]': 'status()',
    '[attr.aria-label]': '"Realtime connection: " + view().label',
    role: 'status',
  },
})
export class ConnectionIndicator {
  readonly status = input.required<ConnectionStatus>();
  protected readonly view = computed(() => VIEW[this.status()]);
}
