import { IsOptional, Matches } from 'class-validator';
import { ANKAIOS_NAME_PATTERN, REGION_PATTERN } from '../common/names';
import { PageQueryDto } from '../common/page-query.dto';
import { IsFieldMaskList } from './mask-list';

/**
 * `GET /api/ankaios/state`. Without `agent` the fleet view is paged over agents (cars), sorted by agent name:
 * `page` and `pageSize` pick the agents, the masks then apply to their state. With `agent`, paging and `region`
 * do not apply.
 */
export class FleetStateQueryDto extends PageQueryDto {
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

  /** Only the agents (cars) of this region. */
  @IsOptional()
  @Matches(REGION_PATTERN, {
    message: 'region must be a lower-case word such as "munich"',
  })
  region?: string;
}
