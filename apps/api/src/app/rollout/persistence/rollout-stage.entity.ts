import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RolloutStageStatus } from '@fleet/shared/contracts';
import type { StageRecord } from '../engine/records';

@Entity('rollout_stages')
export class RolloutStageEntity implements StageRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  rolloutId!: string;

  @PrimaryColumn({ type: 'integer' })
  index!: number;

  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RolloutStageStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  startedAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  deadlineAt!: string | null;
}
