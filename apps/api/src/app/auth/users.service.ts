import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type {
  CreateUserDto,
  Role,
  UpdateUserDto,
  UserView,
} from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { RecentRows } from './recent-rows';
import { hashSecret, verifySecret } from './secret-hash';
import { UserEntity } from './user.entity';
import { DuplicateUserError, UsersRepository } from './users.repository';

/** Compared against when the user does not exist, so that a login takes as long either way. */
let noSuchUserHash: Promise<string> | undefined;
const noSuchUser = () =>
  (noSuchUserHash ??= hashSecret('no such user: the time of a real check'));

/** How stale the user row behind a request may be when another replica changed it (this replica's own changes count at once). */
export const SIGNED_IN_RECHECK_MS = 1_000;

@Injectable()
export class UsersService {
  private readonly signedIn: RecentRows<UserEntity | null>;

  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {
    this.signedIn = new RecentRows(SIGNED_IN_RECHECK_MS, 1_000, () =>
      this.clock.now().getTime(),
    );
  }

  async list(): Promise<UserView[]> {
    return (await this.users.findAll()).map(toView);
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const now = this.clock.nowIso();
    const user: UserEntity = {
      username: dto.username,
      role: dto.role,
      passwordHash: await hashSecret(dto.password),
      sessionVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      this.signedIn.forget(user.username);
      await this.users.insert(user);
    } catch (error) {
      if (error instanceof DuplicateUserError)
        throw new ConflictException(`user ${dto.username} already exists`);
      throw error;
    }
    return toView(user);
  }

  /** A new password ends the user's sessions (tokens issued before it stop working). */
  async update(username: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.role === undefined && dto.password === undefined)
      throw new BadRequestException('give a role, a password or both');
    const user = await this.existing(username);
    if (dto.role !== undefined && dto.role !== 'admin')
      await this.keepAnAdmin(user, 'demote');
    if (dto.role !== undefined) user.role = dto.role;
    if (dto.password !== undefined) {
      user.passwordHash = await hashSecret(dto.password);
      user.sessionVersion += 1;
    }
    user.updatedAt = this.clock.nowIso();
    this.signedIn.forget(username);
    await this.users.save(user);
    this.signedIn.forget(username);
    return toView(user);
  }

  async remove(username: string): Promise<void> {
    const user = await this.existing(username);
    await this.keepAnAdmin(user, 'delete');
    this.signedIn.forget(username);
    await this.users.delete(username);
    this.signedIn.forget(username);
  }

  /** The user when the password is right, else null (unknown users take as long as wrong passwords). */
  async checkPassword(
    username: string,
    password: string,
  ): Promise<UserEntity | null> {
    const user = await this.users.find(username.trim().toLowerCase());
    const ok = await verifySecret(
      password,
      user?.passwordHash ?? (await noSuchUser()),
    );
    return user && ok ? user : null;
  }

  find(username: string): Promise<UserEntity | null> {
    return this.users.find(username);
  }

  /** The row behind an authenticated request: read at most once per SIGNED_IN_RECHECK_MS per user. */
  findSignedIn(username: string): Promise<UserEntity | null> {
    return this.signedIn.get(username, () => this.users.find(username));
  }

  private async existing(username: string): Promise<UserEntity> {
    const user = await this.users.find(username);
    if (!user) throw new NotFoundException(`user ${username} not found`);
    return user;
  }

  private async keepAnAdmin(user: UserEntity, what: string): Promise<void> {
    if (user.role === 'admin' && (await this.users.countByRole('admin')) <= 1)
      throw new ConflictException(
        `cannot ${what} ${user.username}: the last admin`,
      );
  }
}

export function toView(user: UserEntity): UserView {
  return {
    username: user.username,
    role: user.role as Role,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
