import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@fleet/shared/contracts';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** `scrypt$N$r$p$salt$hash`. */
  @Column({ type: 'varchar', length: 256 })
  passwordHash!: string;

  /** Goes up with every new password; tokens carry it, so older tokens stop working. */
  @Column({ type: 'integer', default: 1 })
  sessionVersion!: number;

  @Column({ type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 32 })
  updatedAt!: string;
}
