import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  Optional,
} from '@nestjs/common';
import { CoaState } from '@fleet/shared/contracts';
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
import { CarRegistry } from '../../cars/car-registry';
import {
  claimsUnknown,
  DeploymentClaims,
  inFlightElsewhere,
} from '../../cluster/deployment-claims';
import { Clock } from '../../common/clock';
import { updateRefusal } from '../../updates/update-checks';
import { UpdateHistoryRepository } from '../../updates/update-history.repository';
import { UpdateRunner } from '../../updates/update-runner';
import { toFleetVersion } from '../../updates/versions/version-view';
import { InstancesService } from '../instances.service';
import { Reconciler } from '../reconcile/reconciler';
import { targetsOf } from '../reconcile/resolve';
import { SolutionsService } from '../solutions.service';
import { SummariesService } from '../summaries.service';
import { TargetsRegistryService } from '../targets-registry.service';
import { carOfTarget } from './car-of-target';
import { instanceHistoryEntry } from './history-entry';

interface TargetPlan {
  target: SymphonyTarget;
  /** Why this target is not deployed now (the update path's 409/422), or null. */
  refusal: HttpException | null;
  carId: string | null;
  /** A car's: the job id of its history entry, which its deployment claim names (several replicas). */
  jobId: string;
  /** This replica holds the car's deployment claim (released when the deployment ends, or if it never starts). */
  claimed?: boolean;
}

/** What a POST of an Instance did. */
export interface InstanceDeployment {
  /** False when the spec did not change (nothing is deployed again). */
  deployed: boolean;
  /** Targets deployed to now. */
  targets: string[];
  /** Targets left out, with the reason. */
  refused: Record<string, string>;
}

/**
 * A POST of an Instance through `/v1alpha2` does what Symphony does: a new or changed spec is deployed to each
 * of its Targets. A car's part goes the way of `/api/cars/:id/update` (the same checks, a history entry, the
 * same runner, so the car's version and history show it); other Targets are reconciled directly. An
 * Instance naming one car is refused as a whole (409 driving, offline or busy; 422 incompatible) before it is
 * stored; with a selector, refused cars are recorded in the summary and the others are deployed.
 */
@Injectable()
export class InstanceDeployments {
  private readonly logger = new Logger(InstanceDeployments.name);

  constructor(
    private readonly instances: InstancesService,
    private readonly solutions: SolutionsService,
    private readonly targets: TargetsRegistryService,
    private readonly summaries: SummariesService,
    private readonly reconciler: Reconciler,
    private readonly registry: CarRegistry,
    private readonly history: UpdateHistoryRepository,
    private readonly runner: UpdateRunner,
    private readonly clock: Clock,
    /** Several replicas: a car's part runs on one replica at a time (none claimed with one replica). */
    @Optional() private readonly claims?: DeploymentClaims,
  ) {}

  async upsert(
    object: SymphonyInstance,
    actor: string,
  ): Promise<InstanceDeployment> {
    const name = object.metadata.name;
    await this.instances.validate(object);
    const previous = await this.instances.find(name);
    if (previous && !specChanged(previous, object)) {
      await this.instances.upsert(object);
      return { deployed: false, targets: [], refused: {} };
    }
    if (this.reconciler.isRunning(name))
      throw new ConflictException(
        `instance ${name} is being deployed; try again when it is done`,
      );
    const solution = await this.solutions.getVersion(
      referenceToObjectName(object.spec.solution),
    );
    const plans = (await targetsOf(object, this.targets)).map((target) =>
      this.plan(target, solution),
    );
    await this.claim(plans);
    try {
      return await this.deploy(object, plans, actor);
    } catch (error) {
      // Nothing started for them: their cars are free again.
      for (const plan of plans) this.unclaim(plan);
      throw error;
    }
  }

  private async deploy(
    object: SymphonyInstance,
    plans: TargetPlan[],
    actor: string,
  ): Promise<InstanceDeployment> {
    const name = object.metadata.name;
    const named = Object.keys(object.spec.target?.selector ?? {}).length === 0;
    const refusal = plans.find((p) => p.refusal)?.refusal;
    if (named && refusal) throw refusal;
    const stored = await this.instances.upsert(object);
    if (plans.length === 0)
      await this.summaries.recordTargets(name, {
        results: {},
        targets: [],
        generation: String(stored.metadata.objGeneraion ?? 1),
        time: this.clock.now(),
        message: `no target matches ${JSON.stringify(object.spec.target?.selector ?? {})}`,
      });
    await this.recordRefusals(stored, plans);
    const deploy = plans.filter((p) => !p.refusal);
    for (const plan of deploy) await this.start(stored, plan, actor);
    this.logger.log(
      `instance ${name} (generation ${stored.metadata.objGeneraion}) deploys ${object.spec.solution} to ${deploy.length} target(s), ${plans.length - deploy.length} refused`,
    );
    return {
      deployed: true,
      targets: deploy.map((p) => p.target.metadata.name),
      refused: Object.fromEntries(
        plans
          .filter((p) => p.refusal)
          .map((p) => [p.target.metadata.name, p.refusal?.message ?? '']),
      ),
    };
  }

  private plan(
    target: SymphonyTarget,
    solution: SymphonySolutionVersion,
  ): TargetPlan {
    const jobId = randomUUID();
    const car = carOfTarget(this.registry, target);
    if (!car) return { target, refusal: null, carId: null, jobId };
    // As the update path: busy while a deployment to the car runs (not while an unknown result waits).
    const inFlight = this.reconciler.isTargetBusy(target.metadata.name);
    return {
      target,
      carId: car.id,
      jobId,
      refusal: updateRefusal(car, toFleetVersion(solution), inFlight),
    };
  }

  /** As the update path: a car another replica deploys now is refused (409), and 503 when that cannot be asked. */
  private async claim(plans: TargetPlan[]): Promise<void> {
    const claims = this.claims;
    if (!claims?.enabled) return;
    await Promise.all(
      plans.map(async (plan) => {
        const carId = plan.carId;
        if (!carId || plan.refusal) return;
        try {
          const holder = await claims.take(carId, plan.jobId);
          if (holder) plan.refusal = inFlightElsewhere(carId, holder);
          else plan.claimed = true;
        } catch (error) {
          plan.refusal = claimsUnknown(carId, error);
        }
      }),
    );
  }

  private unclaim(plan: TargetPlan): void {
    if (!plan.claimed || !plan.carId) return;
    plan.claimed = false;
    void this.claims?.release(plan.carId, plan.jobId);
  }

  private async start(
    instance: SymphonyInstance,
    plan: TargetPlan,
    actor: string,
  ): Promise<void> {
    const car = plan.carId ? this.registry.get(plan.carId) : undefined;
    if (!car) {
      this.unclaim(plan);
      void this.reconciler.reconcile({
        instance: instance.metadata.name,
        target: plan.target.metadata.name,
        jobId: plan.jobId,
      });
      return;
    }
    const entry = instanceHistoryEntry(
      car,
      instance,
      actor,
      this.clock.nowIso(),
      plan.jobId,
    );
    await this.history.insert(entry);
    const claimed = plan.claimed;
    plan.claimed = false;
    void this.runner.start(entry).finally(() => {
      if (claimed) void this.claims?.release(car.id, entry.jobId);
    });
  }

  private async recordRefusals(
    instance: SymphonyInstance,
    plans: TargetPlan[],
  ): Promise<void> {
    const refused = plans.filter((p) => p.refusal);
    if (refused.length === 0) return;
    const results: Record<string, TargetResultSpec> = {};
    for (const { target, refusal } of refused) {
      const message = `refused: ${refusal?.message ?? ''}`;
      results[target.metadata.name] = {
        status: TargetStatus.error,
        message,
        components: {
          [instance.spec.solution]: {
            status: refusal?.getStatus() ?? CoaState.Conflict,
            message,
          },
        },
      };
    }
    await this.summaries.recordTargets(instance.metadata.name, {
      results,
      targets: plans.map((p) => p.target.metadata.name),
      generation: String(instance.metadata.objGeneraion ?? 1),
      time: this.clock.now(),
    });
  }
}

/** As the store decides whether a write is a new generation: spec, labels or annotations changed. */
function specChanged(a: SymphonyInstance, b: SymphonyInstance): boolean {
  return (
    JSON.stringify(a.spec ?? null) !== JSON.stringify(b.spec ?? null) ||
    JSON.stringify(a.metadata.labels ?? {}) !==
      JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.metadata.annotations ?? {}) !==
      JSON.stringify(b.metadata.annotations ?? {})
  );
}
