import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import { CoaState, coaStateName, isCoaOk } from '@fleet/shared/contracts';
import type {
  SymphonyInstance,
  SymphonySolutionVersion,
  SymphonyTarget,
  TargetResultSpec,
} from '@fleet/shared/contracts';
import {
  referenceToObjectName,
  TargetStatus,
} from '@fleet/shared/symphony/util';
import { Clock } from '../../common/clock';
import { mapLimit } from '../../common/map-limit';
import { AppConfigService } from '../../config/app-config.service';
import { InstancesService } from '../instances.service';
import { MqttTargetProvider } from '../provider/mqtt-target-provider';
import { ProviderError } from '../provider/provider-errors';
import { ALL_TARGETS, ReconcileTracker } from '../reconcile-tracker';
import { buildDeployment } from '../reconcile/deployment';
import { summaryOf } from '../reconcile/outcome';
import { targetsOf } from '../reconcile/resolve';
import { SolutionsService } from '../solutions.service';
import { SummariesService } from '../summaries.service';
import { TargetsRegistryService } from '../targets-registry.service';

interface Removal {
  target: string;
  /** The target's COA answer, or the provider's code when none came. */
  state: number;
  result: TargetResultSpec;
}

/**
 * `DELETE /v1alpha2/instances/<name>`: a COA `DELETE` on route `instances` to each of the instance's Targets
 * (the car removes the components' workloads), a removal summary (`isRemoval`) kept at
 * `solutionversion/queue?instance=`, then the Instance itself. When a target refuses (driving) or fails,
 * the Instance stays and the answer carries that target's COA status, so that the DELETE can be sent again;
 * an unknown name is 404, so a repeated DELETE changes nothing.
 */
@Injectable()
export class InstanceRemoval {
  private readonly logger = new Logger(InstanceRemoval.name);

  constructor(
    private readonly instances: InstancesService,
    private readonly solutions: SolutionsService,
    private readonly targets: TargetsRegistryService,
    private readonly summaries: SummariesService,
    private readonly provider: MqttTargetProvider,
    private readonly tracker: ReconcileTracker,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
  ) {}

  async remove(name: string): Promise<Removal[]> {
    const instance = await this.instances.get(name);
    if (!this.tracker.begin(name, ALL_TARGETS))
      throw new ConflictException(
        `instance ${name} is being deployed; try again when it is done`,
      );
    try {
      return await this.run(instance);
    } finally {
      this.tracker.end(name, ALL_TARGETS);
    }
  }

  private async run(instance: SymphonyInstance): Promise<Removal[]> {
    const name = instance.metadata.name;
    const solution = await this.solutions.findVersion(
      referenceToObjectName(instance.spec.solution),
    );
    const targets = solution ? await targetsOf(instance, this.targets) : [];
    this.tracker.mark(
      name,
      targets.map((t) => t.metadata.name),
    );
    const jobId = randomUUID();
    // As many at once as deployments (SYMPHONY_CONCURRENCY): all at once, an instance selecting more cars than
    // the provider keeps requests in flight had the rest refused ("COA requests already wait for answers").
    const removals = await mapLimit(
      targets,
      this.config.get('symphony').concurrency,
      (target) => this.removeFrom(instance, solution, target, jobId),
    );
    const failed = removals.filter((r) => !isCoaOk(r.state));
    if (removals.length > 0)
      await this.summaries.recordTargets(name, {
        results: Object.fromEntries(removals.map((r) => [r.target, r.result])),
        targets: removals.map((r) => r.target),
        generation: String(instance.metadata.objGeneraion ?? 1),
        time: this.clock.now(),
        isRemoval: true,
        jobID: jobId,
        summaryId: jobId,
        message:
          failed.length === 0
            ? `${name} removed from ${removals.length} target(s)`
            : `${name} not removed from ${failed.map((f) => f.target).join(', ')}`,
      });
    if (failed.length > 0) {
      const worst =
        failed.find((f) => f.state === CoaState.Conflict) ?? failed[0];
      throw new HttpException(
        `instance ${name} is kept: ${failed.map((f) => `${f.target}: ${f.result.message ?? coaStateName(f.state)}`).join('; ')}`,
        worst.state === CoaState.Conflict
          ? HttpStatus.CONFLICT
          : HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
    await this.instances.deleteObject(name);
    await this.summaries.clearUnconfirmedOf(name);
    this.logger.log(
      `instance ${name} deleted; removed from ${removals.map((r) => r.target).join(', ') || 'no target'}`,
    );
    return removals;
  }

  private async removeFrom(
    instance: SymphonyInstance,
    solution: SymphonySolutionVersion | null,
    target: SymphonyTarget,
    jobId: string,
  ): Promise<Removal> {
    const name = target.metadata.name;
    if (!solution)
      return {
        target: name,
        state: CoaState.OK,
        result: { status: TargetStatus.ok },
      };
    const deployment = {
      ...buildDeployment({ instance, solution, target, jobId }),
      isTargetDeletion: false,
    };
    try {
      const reply = await this.provider.call({
        target,
        method: 'DELETE',
        deployment,
      });
      const fromCar = summaryOf(reply.bodyText)?.targets?.[name];
      const ok = isCoaOk(reply.state) && fromCar?.status !== TargetStatus.error;
      return {
        target: name,
        state: ok
          ? CoaState.OK
          : reply.state === CoaState.OK
            ? CoaState.InternalError
            : reply.state,
        result: fromCar ?? {
          status: ok ? TargetStatus.ok : TargetStatus.error,
          message: reply.bodyText.trim() || coaStateName(reply.state),
        },
      };
    } catch (error) {
      const state =
        error instanceof ProviderError
          ? error.coaState
          : CoaState.InternalError;
      const message = error instanceof Error ? error.message : String(error);
      return {
        target: name,
        state,
        result: { status: TargetStatus.error, message },
      };
    }
  }
}
