import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from './unique-violation';
import { UserEntity } from './user.entity';

export class DuplicateUserError extends Error {}

/** The `users` table. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>,
  ) {}

  findAll(): Promise<UserEntity[]> {
    return this.repo.find({ order: { username: 'ASC' } });
  }

  find(username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  countByRole(role: UserEntity['role']): Promise<number> {
    return this.repo.countBy({ role });
  }

  /** Throws `DuplicateUserError` when the name is taken. */
  async insert(user: UserEntity): Promise<void> {
    try {
      await this.repo.insert(user);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateUserError(`user ${user.username} exists`);
      throw error;
    }
  }

  async save(user: UserEntity): Promise<void> {
    await this.repo.save(user);
  }

  /** True when a row was deleted. */
  async delete(username: string): Promise<boolean> {
    return ((await this.repo.delete({ username })).affected ?? 0) > 0;
  }
}
