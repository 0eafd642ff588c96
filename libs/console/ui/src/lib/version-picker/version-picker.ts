import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import type { FleetVersion } from '@fleet/shared/contracts';
import { incompatibleModels } from './version-compatibility';

/** Picks a fleet version and shows its metadata: release notes, compatible models, components and images. */
@Component({
  selector: 'fleet-version-picker',
  imports: [DatePipe, MatFormFieldModule, MatIconModule, MatSelectModule],
  templateUrl: './version-picker.html',
  styleUrl: './version-picker.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VersionPicker {
  readonly versions = input.required<readonly FleetVersion[]>();
  /** The models of the cars to update; versions that fit none of them are marked. */
  readonly models = input<readonly string[]>([]);
  /** The version installed now, marked in the list. */
  readonly current = input<string | null>(null);
  readonly value = model<string | null>(null);

  protected readonly selected = computed(() => this.versions().find((v) => v.version === this.value()) ?? null);
  protected readonly incompatible = computed(() => {
    const version = this.selected();
    return version ? incompatibleModels(version, this.models()) : [];
  });

  /** No car among `models` can take it. */
  protected blocked(version: FleetVersion): boolean {
    const models = new Set(this.models());
    return models.size > 0 && incompatibleModels(version, [...models]).length === models.size;
  }
}
