import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@fleet/shared/contracts';

/** One row of the append-only audit trail (database triggers refuse UPDATE and DELETE). */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  at!: string;

  @Index()
  @Column({ type: 'varchar', length: 80 })
  actor!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role!: Role | null;

  @Index()
  @Column({ type: 'varchar', length: 160 })
  action!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  @Column({ type: 'varchar', length: 512 })
  path!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  ip!: string;

  @Column({ type: 'integer' })
  statusCode!: number;

  @Column({ type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ type: 'text', nullable: true })
  details!: string | null;
}
