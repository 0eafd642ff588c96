import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Milliseconds since the epoch; PostgreSQL hands bigint back as text. */
const epochMs = {
  to: (value: number) => value,
  from: (value: string | number | null) => (value === null ? 0 : Number(value)),
};

/** One row per lease (e.g. `rollout-engine`): who holds it and until when. */
@Entity('cluster_lease')
export class LeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** The holder's replica id; '' when released. */
  @Column({ type: 'varchar', length: 128 })
  holder!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt!: number;

  /** Grows by one whenever the lease changes hands: a fencing number for logs and tests. */
  @Column({ type: 'integer', default: 0 })
  epoch!: number;
}
