import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CarBucket } from '@fleet/shared/contracts';
import type { CarOperation, CarRecord } from '../engine/records';

/** One car of one rollout: its bucket, why, and what was sent (the key is written before the send). */
@Entity('rollout_cars')
@Index(['carId'])
export class RolloutCarEntity implements CarRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  rolloutId!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  carId!: string;

  @Column({ type: 'integer' })
  stageIndex!: number;

  @Column({ type: 'varchar', length: 24 })
  bucket!: CarBucket;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'boolean' })
  finished!: boolean;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  dispatchKey!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  operation!: CarOperation | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fromVersion!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  dispatchedAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  nextAttemptAt!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  soakUntil!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  offlineSince!: string | null;

  @Column({ type: 'varchar', length: 32 })
  updatedAt!: string;
}
