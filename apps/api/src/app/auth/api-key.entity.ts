import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@fleet/shared/contracts';

/** An API key for automation. The key itself (`fk_<id>_<secret>`) is never stored, only a hash of it. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'varchar', length: 256 })
  secretHash!: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  lastUsedAt!: string | null;
}
