import type {
  CreateRolloutDto,
  RolloutDefinition,
  StagedRolloutDto,
} from '@fleet/shared/contracts';
import type { CreateRolloutInput } from './engine/rollout-engine';

export function definitionOf(dto: CreateRolloutDto): RolloutDefinition {
  return {
    version: dto.version,
    stages: dto.stages,
    ...(dto.selector ? { selector: dto.selector } : {}),
    ...(dto.fromVersions ? { fromVersions: dto.fromVersions } : {}),
    ...(dto.policy ? { policy: dto.policy } : {}),
    ...(dto.maintenanceWindows
      ? { maintenanceWindows: dto.maintenanceWindows }
      : {}),
    ...(dto.approvals ? { approvals: dto.approvals } : {}),
  };
}

export function createInputOf(dto: CreateRolloutDto): CreateRolloutInput {
  return {
    definition: definitionOf(dto),
    ...(dto.name ? { name: dto.name } : {}),
    ...(dto.start ? { start: true } : {}),
    ...(dto.startAt ? { startAt: new Date(dto.startAt).toISOString() } : {}),
  };
}

/** The seed's region-by-region rollout: one stage per region, the success window as every stage's soak, started now. */
export function stagedRolloutInput(dto: StagedRolloutDto): CreateRolloutInput {
  return {
    name: dto.name ?? `${dto.version} to ${dto.regions.join(', ')}`,
    start: true,
    definition: {
      version: dto.version,
      stages: dto.regions.map((region) => ({ selector: { region } })),
      policy: { soakSeconds: dto.successWindowSeconds ?? 300 },
    },
  };
}
