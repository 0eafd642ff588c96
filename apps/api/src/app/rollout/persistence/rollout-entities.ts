import { RolloutCarEntity } from './rollout-car.entity';
import { RolloutStageEntity } from './rollout-stage.entity';
import { RolloutEntity } from './rollout.entity';

export const ROLLOUT_ENTITIES = [
  RolloutCarEntity,
  RolloutEntity,
  RolloutStageEntity,
];
