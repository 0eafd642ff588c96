import { ApiKeyEntity } from '../auth/api-key.entity';
import { DeploymentClaimEntity } from '../cluster/deployment-claim.entity';
import { LeaseEntity } from '../cluster/lease.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { UserEntity } from '../auth/user.entity';
import { CarEntity } from './car.entity';
import { MetaEntity } from './meta.entity';
import { SymphonyObjectEntity } from './symphony-object.entity';
import { UpdateHistoryEntity } from '../updates/update-history.entity';
import { ROLLOUT_ENTITIES } from '../rollout/persistence/rollout-entities';

export const ENTITIES = [
  ApiKeyEntity,
  AuditEntryEntity,
  CarEntity,
  DeploymentClaimEntity,
  LeaseEntity,
  MetaEntity,
  SymphonyObjectEntity,
  UpdateHistoryEntity,
  UserEntity,
  ...ROLLOUT_ENTITIES,
];
