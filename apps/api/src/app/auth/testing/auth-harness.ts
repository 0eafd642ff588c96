import type { AuthSettings } from '../../config/app-config';
import { AppConfigService } from '../../config/app-config.service';
import { appConfig, authSettings } from '../../../testing/factories';
import { FakeClock } from '../../../testing/fake-clock';
import { InMemoryMetaRepository } from '../../../testing/in-memory-repositories';
import { ApiKeysService } from '../api-keys.service';
import { AuthService } from '../auth.service';
import { Authenticator } from '../authenticator';
import { TokenService } from '../token.service';
import { UsersService } from '../users.service';
import {
  InMemoryApiKeysRepository,
  InMemoryUsersRepository,
  userRow,
} from './in-memory-auth';

/** The auth services wired together over in-memory tables and a fake clock. */
export async function authHarness(auth: Partial<AuthSettings> = {}) {
  const clock = new FakeClock();
  const config = new AppConfigService(appConfig({ auth: authSettings(auth) }));
  const meta = new InMemoryMetaRepository();
  const userRows = new InMemoryUsersRepository();
  const keyRows = new InMemoryApiKeysRepository();
  const tokens = new TokenService(config, meta, clock);
  await tokens.onModuleInit();
  const users = new UsersService(userRows, clock);
  const apiKeys = new ApiKeysService(keyRows, clock);
  const authenticator = new Authenticator(tokens, users, apiKeys);
  const auth$ = new AuthService(users, tokens);
  const addUser = async (...args: Parameters<typeof userRow>) => {
    const row = await userRow(...args);
    await userRows.insert(row);
    return row;
  };
  return {
    clock,
    config,
    meta,
    userRows,
    keyRows,
    tokens,
    users,
    apiKeys,
    authenticator,
    auth: auth$,
    addUser,
  };
}
