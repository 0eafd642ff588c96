import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { CarDisplayStatus } from '@fleet/shared/contracts';
import { DISPLAY_ICONS, DISPLAY_LABELS } from './labels';

/** The seed's colour code for a car, always with an icon and a text label. */
@Component({
  selector: 'fleet-car-status',
  imports: [MatIconModule],
  template: `<mat-icon aria-hidden="true">{{ icon() }}</mat-icon><span class="label">{{ label() }}</span>`,
  styleUrl: './car-status-badge.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"status-" + status()', '[attr.data-status]': 'status()' },
})
export class CarStatusBadge {
  readonly status = input.required<CarDisplayStatus>();
  protected readonly label = computed(() => DISPLAY_LABELS[this.status()]);
  protected readonly icon = computed(() => DISPLAY_ICONS[this.status()]);
}
