import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import type { ComponentSpec, RouteSpec } from '../symphony/component';

/** One element of `CreateVersionDto.components`; the service checks the rest as Symphony and Ankaios would. */
export class ComponentSpecDto implements ComponentSpec {
  @IsString()
  @MaxLength(63)
  name!: string;

  @IsOptional()
  @IsString()
  type?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  parameters?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  routes?: RouteSpec[];

  @IsOptional()
  @IsString()
  constraints?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  dependencies?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  skills?: string[];
}
