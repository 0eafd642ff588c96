import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ListOf } from '../common/list-of';
import { ComponentSpecDto } from './component-spec.dto';
import { VERSION_PATTERN } from './update.dto';

const MODEL_PATTERN = /^(\*|[a-z0-9][a-z0-9-]{0,63})$/;

/**
 * `POST /api/versions`: a new fleet SolutionVersion. Give either `components` or `imageTag` (the
 * components of `baseVersion`, by default the newest version, with every image retagged).
 */
export class CreateVersionDto {
  @Matches(VERSION_PATTERN, { message: 'version must look like "1.2.5"' })
  version!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  releaseNotes?: string;

  /** Car models or body types (`sedan`, `atlas-sedan`); `*` or empty for every model. */
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(MODEL_PATTERN, {
    each: true,
    message: 'each compatible model must be a lower-case name such as "sedan"',
  })
  compatibleModels!: string[];

  /** Symphony components (`type: ankaios-workload`), checked as Symphony and Ankaios would. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @ListOf(ComponentSpecDto)
  components?: ComponentSpecDto[];

  /** Reuse the components of `baseVersion` with this image tag. */
  @IsOptional()
  @Matches(VERSION_PATTERN, { message: 'imageTag must look like "1.2.5"' })
  imageTag?: string;

  @IsOptional()
  @Matches(VERSION_PATTERN, { message: 'baseVersion must look like "1.2.4"' })
  baseVersion?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;
}
