import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { hashSecret } from './secret-hash';
import { DuplicateUserError, UsersRepository } from './users.repository';

export const DEFAULT_ADMIN = 'admin';

/**
 * Makes sure an admin exists at every start. When none does (the first start, or after the database lost
 * them all), ADMIN_USERNAME (default `admin`) becomes admin with ADMIN_PASSWORD, or with a random password
 * written to the log this once. Once an admin exists, the two settings are not read again.
 */
@Injectable()
export class FirstAdmin implements OnModuleInit {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    if ((await this.users.countByRole('admin')) > 0) return;
    const { adminUsername, adminPassword } = this.config.get('auth');
    const username = adminUsername ?? DEFAULT_ADMIN;
    const password = adminPassword ?? randomBytes(18).toString('base64url');
    const now = this.clock.nowIso();
    const existing = await this.users.find(username);
    // Another replica starting at the same moment made it admin meanwhile: touching it would end its sessions.
    if (existing?.role === 'admin') return;
    const row = {
      username,
      role: 'admin' as const,
      passwordHash: await hashSecret(password),
      sessionVersion: (existing?.sessionVersion ?? 0) + 1,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    try {
      // A known user made admin again (its sessions end); a new one only if nobody inserted it first.
      if (existing) await this.users.save(row);
      else await this.users.insert(row);
    } catch (error) {
      // Several replicas starting at once on an empty database: another one wrote the first admin first.
      if (error instanceof DuplicateUserError) return;
      if ((await this.users.countByRole('admin')) > 0) return;
      throw error;
    }
    if (adminPassword)
      this.logger.log(
        `no admin existed: ${username} is admin (ADMIN_PASSWORD)`,
      );
    else
      this.logger.warn(
        `no admin existed: created ${username} with the password ${password} ` +
          '(shown only now; change it, or set ADMIN_USERNAME/ADMIN_PASSWORD)',
      );
  }
}
