import { Injectable, UnauthorizedException } from '@nestjs/common';
import type {
  LoginDto,
  LoginResponse,
  Role,
  SymphonyAuthResponse,
} from '@fleet/shared/contracts';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

export const LOGIN_FAILED = 'Invalid username or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.checkPassword(dto.username, dto.password);
    if (!user) throw new UnauthorizedException(LOGIN_FAILED);
    const role = user.role as Role;
    return {
      ...this.tokens.issue({ ...user, role }),
      user: { username: user.username, role },
    };
  }

  /** Symphony's `users/auth` answer for the same users and tokens (Symphony itself answers "login failed"). */
  async symphonyLogin(dto: LoginDto): Promise<SymphonyAuthResponse> {
    const user = await this.users.checkPassword(dto.username, dto.password);
    if (!user) throw new UnauthorizedException('login failed');
    const role = user.role as Role;
    const { accessToken } = this.tokens.issue({ ...user, role });
    return {
      accessToken,
      tokenType: 'Bearer',
      username: user.username,
      roles: [role],
    };
  }
}
