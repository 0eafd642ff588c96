import { stageKindOf, stageNameOf } from '@fleet/shared/contracts';
import type {
  RolloutDefinition,
  RolloutPreview,
  RolloutStagePreview,
} from '@fleet/shared/contracts';
import { gate, incompatibility } from './eligibility';
import { windowFor } from './maintenance-window';
import type { FleetView, VersionInfo } from './ports';
import { matchesSelector, pickStageCars } from './selection';

/** The dry run: what each stage would take from the fleet as it is now, and why cars would wait or be skipped. */
export function previewRollout(
  definition: RolloutDefinition,
  fleet: FleetView,
  version: VersionInfo | null,
  busyIn: (carId: string) => string | undefined,
  now: Date,
): RolloutPreview {
  const cars = fleet.cars();
  const taken = new Set<string>();
  const stages = definition.stages.map((stage, index): RolloutStagePreview => {
    const preview: RolloutStagePreview = {
      name: stageNameOf(stage, index),
      kind: stageKindOf(stage),
      total: 0,
      eligible: 0,
      waiting: 0,
      unreachable: 0,
      incompatible: 0,
      reasons: {},
    };
    for (const carId of pickStageCars(definition, index, cars, taken, version)
      .carIds) {
      taken.add(carId);
      preview.total++;
      const car = fleet.car(carId);
      const skip = car
        ? incompatibility(car, definition, version, busyIn(carId))
        : 'skipped: not in the fleet';
      if (skip || !car) {
        preview.incompatible++;
        preview.reasons[carId] = skip ?? 'skipped';
        continue;
      }
      const g = gate(
        car,
        now,
        windowFor(definition.maintenanceWindows, car.region),
      );
      if (g.kind === 'ready') preview.eligible++;
      else if (g.kind === 'waiting') preview[g.kind]++;
      else preview.unreachable++;
      if (g.kind === 'waiting' || g.kind === 'unreachable')
        preview.reasons[carId] = g.reason;
    }
    return preview;
  });
  const unassigned = cars.filter(
    (c) => !taken.has(c.id) && matchesSelector(c, definition.selector),
  ).length;
  return { version: definition.version, stages, unassigned };
}
