import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  ComponentResultSpec,
  UpdateKind,
  UpdatePhase,
  UpdatePlanStep,
  UpdateResult,
} from '@fleet/shared/contracts';

export interface UpdateDetails {
  components: Record<string, ComponentResultSpec>;
  plan: UpdatePlanStep[];
  messages: string[];
}

/** One update or rollback of one car; kept after the car is deleted (an audit trail). */
@Entity('update_history')
@Index(['carId', 'requestedAt'])
export class UpdateHistoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  carId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: UpdateKind;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fromVersion!: string | null;

  @Column({ type: 'varchar', length: 64 })
  toVersion!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  result!: UpdateResult;

  @Column({ type: 'varchar', length: 16 })
  phase!: UpdatePhase;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  /** ISO-8601; strings sort and compare the same on SQLite and PostgreSQL. */
  @Column({ type: 'varchar', length: 32 })
  requestedAt!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'varchar', length: 253 })
  instance!: string;

  @Column({ type: 'integer' })
  instanceGeneration!: number;

  @Column({ type: 'varchar', length: 64 })
  jobId!: string;

  @Column({ type: 'integer', nullable: true })
  coaState!: number | null;

  @Column({ type: 'simple-json' })
  details!: UpdateDetails;

  /**
   * Several replicas: the replica that runs the deployment (stamped when it is recorded, changed when another
   * replica takes it over); null in a single replica's entries from before.
   */
  @Index()
  @Column({
    name: 'owner_replica',
    type: 'varchar',
    length: 128,
    nullable: true,
  })
  ownerReplica?: string | null;
}
