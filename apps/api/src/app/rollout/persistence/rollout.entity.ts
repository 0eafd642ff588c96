import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  PendingApproval,
  RolloutDefinition,
  RolloutStatus,
} from '@fleet/shared/contracts';
import type { RolloutRecord } from '../engine/records';

/** One rollout: its definition and where its state machine stands. Times are ISO-8601 strings. */
@Entity('rollouts')
export class RolloutEntity implements RolloutRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  version!: string;

  @Index()
  @Column({ type: 'varchar', length: 24 })
  status!: RolloutStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'simple-json' })
  definition!: RolloutDefinition;

  @Column({ type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 32 })
  updatedAt!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  startAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  startedAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  pendingApproval!: PendingApproval | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  approvedBy!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  frozenFrom!: RolloutStatus | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  rollbackScope!: 'stage' | 'all' | null;

  @Column({ type: 'integer' })
  revision!: number;
}
