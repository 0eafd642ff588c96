import { IsOptional, Matches } from 'class-validator';
import { ANKAIOS_NAME_PATTERN } from '../common/names';
import { IsFieldMaskList } from './mask-list';

export class FleetStateQueryDto {
  /**
   * Field masks, repeatable (`?mask=desiredState&mask=workloadStates.*.nginx`); `*` matches every key of one
   * level. None: the whole state. As in Ankaios, a `desiredState...` mask also returns `desiredState.apiVersion`.
   */
  @IsOptional()
  @IsFieldMaskList()
  mask?: string | string[];

  /** One car (its agent name): the answer is then that car's own CompleteState in Ankaios' exact shape. */
  @IsOptional()
  @Matches(ANKAIOS_NAME_PATTERN, {
    message: 'agent must match [a-zA-Z0-9_-]{1,63}',
  })
  agent?: string;
}
