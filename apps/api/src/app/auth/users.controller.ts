import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateUserDto, UpdateUserDto } from '@fleet/shared/contracts';
import type { UserView } from '@fleet/shared/contracts';
import { Roles } from './decorators';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Every user with its role (admin). */
  @Get()
  listUsers(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Creates a user (admin; 409 when the name is taken). */
  @Post()
  createUser(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto);
  }

  /** Changes a user's role or password (admin); a new password ends the user's sessions. */
  @Patch(':username')
  updateUser(
    @Param('username') username: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(username, dto);
  }

  /** Deletes a user (admin; 409 for the last admin). */
  @Delete(':username')
  @HttpCode(HttpStatus.NO_CONTENT)
  deleteUser(@Param('username') username: string): Promise<void> {
    return this.users.remove(username);
  }
}
