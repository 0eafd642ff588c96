import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateApiKeyDto } from '@fleet/shared/contracts';
import type {
  ApiKeyView,
  CreatedApiKey,
  Principal,
} from '@fleet/shared/contracts';
import { ApiKeysService } from './api-keys.service';
import { CurrentUser, Roles } from './decorators';

@ApiTags('api-keys')
@Controller('api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Every API key, without the keys themselves (admin). */
  @Get()
  listApiKeys(): Promise<ApiKeyView[]> {
    return this.apiKeys.list();
  }

  /** Creates an API key with a role (admin). The answer holds the key; it is shown only this once. */
  @Post()
  createApiKey(
    @Body() dto: CreateApiKeyDto,
    @CurrentUser() user: Principal,
  ): Promise<CreatedApiKey> {
    return this.apiKeys.create(dto, user.username);
  }

  /** Revokes an API key at once (admin). */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  deleteApiKey(@Param('id') id: string): Promise<void> {
    return this.apiKeys.remove(id);
  }
}
