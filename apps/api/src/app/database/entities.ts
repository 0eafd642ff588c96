import { CarEntity } from './car.entity';
import { MetaEntity } from './meta.entity';
import { SymphonyObjectEntity } from './symphony-object.entity';
import { UpdateHistoryEntity } from '../updates/update-history.entity';

export const ENTITIES = [
  CarEntity,
  MetaEntity,
  SymphonyObjectEntity,
  UpdateHistoryEntity,
];
