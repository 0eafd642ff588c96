import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Milliseconds since the epoch; PostgreSQL hands bigint back as text. */
const epochMs = {
  to: (value: number) => value,
  from: (value: string | number | null) => (value === null ? 0 : Number(value)),
};

/**
 * Several replicas: the car whose deployment a replica is running now, so that no other replica starts one for
 * the same car meanwhile (see `DeploymentClaims`). One row per car while its deployment runs.
 */
@Entity('deployment_claims')
export class DeploymentClaimEntity {
  @PrimaryColumn({ name: 'car_id', type: 'varchar', length: 63 })
  carId!: string;

  /** The replica running the deployment. */
  @Column({ type: 'varchar', length: 128 })
  holder!: string;

  /** The deployment's job id (for logs and the operator). */
  @Column({ name: 'job_id', type: 'varchar', length: 64 })
  jobId!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  since!: number;
}
