import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { CoaState, coaStateName, SummaryState } from '@fleet/shared/contracts';
import type {
  ComponentSpec,
  DeploymentSpec,
  SymphonyInstance,
  SymphonySolutionVersion,
  SymphonyTarget,
  UpdatePlanStep,
} from '@fleet/shared/contracts';
import {
  buildSummaryResult,
  buildTargetSummary,
  parseJsonBody,
  planDeployment,
  referenceToObjectName,
} from '@fleet/shared/symphony/util';
import { Clock } from '../../common/clock';
import { InstancesService } from '../instances.service';
import { MqttTargetProvider } from '../provider/mqtt-target-provider';
import { ReconcileTracker } from '../reconcile-tracker';
import { SolutionsService } from '../solutions.service';
import { SummariesService } from '../summaries.service';
import { TargetsRegistryService } from '../targets-registry.service';
import { agentNameOf, buildDeployment, deploymentHash } from './deployment';
import {
  classifyApply,
  messagesOf,
  planSteps,
  ReconcileOutcome,
  summaryOf,
} from './outcome';
import { finishedStatus, startedStatus } from './reconcile-status';
import { alreadyRunning, failure, ReconcileFailure } from './reconcile-results';
import { Semaphore } from './semaphore';

/** Deployments running at once; more wait (boundedly) for a slot. */
export const MAX_CONCURRENT_RECONCILES = 16;
export const MAX_WAITING_RECONCILES = 10_000;

export interface ReconcileRequest {
  instance: string;
  jobId: string;
  /** Extra `status.properties` recorded with the reconcile (e.g. the history entry it belongs to). */
  statusProperties?: Record<string, string>;
  onProgress?: (progress: {
    phase: 'planning' | 'applying';
    plan: UpdatePlanStep[];
  }) => void;
}

interface Resolved {
  instance: SymphonyInstance;
  solution: SymphonySolutionVersion;
  target: SymphonyTarget;
}

/**
 * Symphony's solution manager for one Instance bound to one Target by name: asks the target what it
 * runs (GET), plans against the SolutionVersion, applies (POST) when something must change, and keeps
 * the summary. The reconcile is recorded in the Instance's status before anything is sent, so that a
 * restarted API can send it again; the car answers a repeated generation and job idempotently.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);
  private readonly slots = new Semaphore(
    MAX_CONCURRENT_RECONCILES,
    MAX_WAITING_RECONCILES,
  );

  constructor(
    private readonly instances: InstancesService,
    private readonly solutions: SolutionsService,
    private readonly targets: TargetsRegistryService,
    private readonly summaries: SummariesService,
    private readonly provider: MqttTargetProvider,
    private readonly tracker: ReconcileTracker,
    private readonly clock: Clock,
  ) {}

  isRunning(instance: string): boolean {
    return this.tracker.isRunning(instance);
  }

  /** 409 when this instance is already being reconciled. Never rejects otherwise: failures are outcomes. */
  async reconcile(request: ReconcileRequest): Promise<ReconcileOutcome> {
    if (!this.tracker.begin(request.instance))
      throw new ConflictException(
        `instance ${request.instance} is already being deployed`,
      );
    let release: (() => void) | undefined;
    try {
      release = await this.slots.acquire();
      return await this.run(request);
    } catch (error) {
      return failure(error);
    } finally {
      release?.();
      this.tracker.end(request.instance);
    }
  }

  private async run(request: ReconcileRequest): Promise<ReconcileOutcome> {
    const resolved = await this.resolve(request.instance);
    const { instance, solution, target } = resolved;
    const generation = instance.metadata.objGeneraion ?? 1;
    const started = startedStatus(
      generation,
      request.jobId,
      request.statusProperties ?? {},
      this.clock.nowIso(),
    );
    await this.instances.setStatus(instance.metadata.name, started);
    await this.summaries.save(
      instance.metadata.name,
      buildSummaryResult(
        buildTargetSummary({
          target: target.metadata.name,
          components: {},
          planned: solution.spec.components?.length ?? 0,
          message: `deploying ${solution.metadata.name}`,
          jobID: request.jobId,
        }),
        {
          generation: String(generation),
          time: this.clock.now(),
          state: SummaryState.Running,
        },
      ),
    );
    const deployment = buildDeployment({
      instance,
      solution,
      target,
      jobId: request.jobId,
    });
    const outcome = await this.deploy(resolved, deployment, request).catch(
      failure,
    );
    await this.record(resolved, deployment, outcome);
    await this.instances.setStatus(
      instance.metadata.name,
      finishedStatus(
        started,
        outcome.result,
        outcome.messages[0] ?? '',
        this.clock.nowIso(),
      ),
    );
    this.logger.log(
      `instance ${instance.metadata.name} (generation ${generation}, ${solution.metadata.name}) on ${target.metadata.name}: ${outcome.result}${outcome.coaState === null ? '' : ` (${coaStateName(outcome.coaState)})`}`,
    );
    return outcome;
  }

  private async deploy(
    { solution, target }: Resolved,
    deployment: DeploymentSpec,
    request: ReconcileRequest,
  ): Promise<ReconcileOutcome> {
    const desired = solution.spec.components ?? [];
    request.onProgress?.({ phase: 'planning', plan: [] });
    const current = await this.currentComponents(target, deployment);
    const plan = planDeployment(desired, current, agentNameOf(target));
    const steps = planSteps(plan);
    if (plan.steps.length === 0)
      return alreadyRunning(target, deployment, plan.unchanged);
    request.onProgress?.({ phase: 'applying', plan: steps });
    const reply = await this.provider.call({
      target,
      method: 'POST',
      deployment,
    });
    const summary = summaryOf(reply.bodyText);
    const name = target.metadata.name;
    const result = classifyApply(reply.state, summary, name);
    return {
      result,
      coaState: reply.state,
      messages: messagesOf(
        summary,
        reply.bodyText.trim() || coaStateName(reply.state),
        name,
      ),
      components: summary?.targets?.[name]?.components ?? {},
      plan: steps,
      skipped: false,
      summary,
    };
  }

  private async currentComponents(
    target: SymphonyTarget,
    deployment: DeploymentSpec,
  ): Promise<ComponentSpec[]> {
    const reply = await this.provider.call({
      target,
      method: 'GET',
      deployment,
    });
    if (reply.state !== CoaState.OK)
      throw new ReconcileFailure(
        `${target.metadata.name} answered GET with ${coaStateName(reply.state)}: ${reply.bodyText.trim()}`,
        reply.state,
      );
    const parsed = parseJsonBody(reply.bodyText);
    if (!parsed.ok || !Array.isArray(parsed.value))
      throw new ReconcileFailure(
        `${target.metadata.name} answered GET without a component list`,
        CoaState.DeserializeError,
      );
    return parsed.value as ComponentSpec[];
  }

  private async resolve(name: string): Promise<Resolved> {
    const instance = await this.instances.find(name);
    if (!instance)
      throw new ReconcileFailure(
        `instance ${name} does not exist`,
        CoaState.NotFound,
      );
    const solutionName = referenceToObjectName(instance.spec.solution);
    const solution = await this.solutions.findVersion(solutionName);
    if (!solution)
      throw new ReconcileFailure(
        `solution version ${solutionName} does not exist`,
        CoaState.NotFound,
      );
    const targetName = instance.spec.target?.name;
    const target = targetName ? await this.targets.find(targetName) : null;
    if (!target)
      throw new ReconcileFailure(
        `instance ${name} names no existing target (${targetName ?? 'a selector'})`,
        CoaState.NotFound,
      );
    return { instance, solution, target };
  }

  private async record(
    { instance, solution, target }: Resolved,
    deployment: DeploymentSpec,
    outcome: ReconcileOutcome,
  ): Promise<void> {
    const summary =
      outcome.summary ??
      buildTargetSummary({
        target: target.metadata.name,
        components: outcome.components,
        planned: solution.spec.components?.length ?? 0,
        message: outcome.messages[0],
        jobID: deployment.jobID,
        skipped: outcome.skipped,
      });
    await this.summaries.save(
      instance.metadata.name,
      buildSummaryResult(summary, {
        generation: deployment.generation ?? '1',
        time: this.clock.now(),
        state: SummaryState.Done,
        deploymentHash: deploymentHash(solution, target),
        summaryId: deployment.jobID,
      }),
    );
  }
}
