import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { VehicleState } from '@fleet/shared/contracts';

/** A car the API owns. Live state (connection, telemetry) is not stored: the registry mirrors it. */
@Entity('cars')
export class CarEntity {
  /** The Ankaios agent name. */
  @PrimaryColumn({ type: 'varchar', length: 63 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  region!: string;

  @Column({ type: 'varchar', length: 64 })
  model!: string;

  @Column({ type: 'varchar', length: 16 })
  desiredVehicleState!: VehicleState;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  lastKnownVersion!: string | null;

  /** ISO-8601; strings sort and compare the same on SQLite and PostgreSQL. */
  @Column({ type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 32 })
  updatedAt!: string;
}
