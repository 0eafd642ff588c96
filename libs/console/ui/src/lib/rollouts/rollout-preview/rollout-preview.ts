import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import type { RolloutPreview, RolloutStagePreview, StageKind } from '@fleet/shared/contracts';

const KIND_LABELS: Record<StageKind, string> = { selector: 'Selector', cars: 'Car list', percent: 'Percentage', batch: 'Batch' };

/** The dry run: per stage, how many cars would be sent now and why the others would not. */
@Component({
  selector: 'fleet-rollout-preview',
  imports: [MatIconModule, MatTableModule],
  templateUrl: './rollout-preview.html',
  styleUrl: './rollout-preview.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutPreviewTable {
  readonly preview = input.required<RolloutPreview>();

  protected readonly columns = ['name', 'kind', 'total', 'eligible', 'waiting', 'unreachable', 'incompatible'];
  protected readonly total = computed(() => this.preview().stages.reduce((sum, s) => sum + s.total, 0));
  protected kindLabel(stage: RolloutStagePreview): string {
    return KIND_LABELS[stage.kind];
  }

  /** Per stage, every car that would not be sent now, with the reason. */
  protected readonly reasons = computed(() =>
    this.preview()
      .stages.map((stage) => ({
        stage: stage.name,
        cars: Object.entries(stage.reasons)
          .map(([carId, reason]) => ({ carId, reason }))
          .sort((a, b) => a.carId.localeCompare(b.carId)),
      }))
      .filter((s) => s.cars.length > 0),
  );
}
