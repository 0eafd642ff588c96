import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { CoaState, coaStateName, SummaryState } from '@fleet/shared/contracts';
import type {
  ComponentSpec,
  DeploymentSpec,
  SymphonyTarget,
  UpdatePlanStep,
} from '@fleet/shared/contracts';
import { parseJsonBody, planDeployment } from '@fleet/shared/symphony/util';
import { Clock } from '../../common/clock';
import { AppConfigService } from '../../config/app-config.service';
import { InstancesService } from '../instances.service';
import { MqttTargetProvider } from '../provider/mqtt-target-provider';
import { ALL_TARGETS, ReconcileTracker } from '../reconcile-tracker';
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
import { Resolved, resolveInstance } from './resolve';
import { Semaphore } from './semaphore';
import {
  combineOutcomes,
  deployingResult,
  targetResultOf,
} from './target-results';

/** Deployments waiting for a slot (SYMPHONY_CONCURRENCY run at once); more are refused. */
export const MAX_WAITING_RECONCILES = 100_000;

export interface ReconcileRequest {
  instance: string;
  jobId: string;
  /** Only this Target of the instance (one car); every Target it deploys to when absent. */
  target?: string;
  /** Extra `status.properties` recorded with the reconcile (e.g. the history entry it belongs to). */
  statusProperties?: Record<string, string>;
  onProgress?: (progress: {
    phase: 'planning' | 'applying';
    plan: UpdatePlanStep[];
  }) => void;
}

/**
 * Symphony's solution manager for one Instance: for each of its Targets (by name, or every one its selector
 * matches) it asks the target what it runs (GET), plans against the SolutionVersion, applies (POST) when
 * something must change, and keeps one summary with a result per target. The reconcile is recorded in the
 * Instance's status before anything is sent, so that a restarted API can send it again; the car answers a
 * repeated generation and job idempotently. A POST without an answer in time is recorded as unknown (and
 * remembered), not as failed: TimeoutConfirmer settles it from a late answer or a COA GET.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);
  private readonly slots: Semaphore;

  constructor(
    private readonly instances: InstancesService,
    private readonly solutions: SolutionsService,
    private readonly targets: TargetsRegistryService,
    private readonly summaries: SummariesService,
    private readonly provider: MqttTargetProvider,
    private readonly tracker: ReconcileTracker,
    private readonly clock: Clock,
    config: AppConfigService,
  ) {
    this.slots = new Semaphore(
      config.get('symphony').concurrency,
      MAX_WAITING_RECONCILES,
    );
  }

  isRunning(instance: string, target?: string): boolean {
    return this.tracker.isRunning(instance, target);
  }

  isTargetBusy(target: string): boolean {
    return this.tracker.isTargetBusy(target);
  }

  /** 409 when this instance (or this target of it) is already being reconciled. Failures are outcomes. */
  async reconcile(request: ReconcileRequest): Promise<ReconcileOutcome> {
    const target = request.target ?? ALL_TARGETS;
    if (!this.tracker.begin(request.instance, target))
      throw new ConflictException(
        `instance ${request.instance} is already being deployed${request.target ? ` to ${request.target}` : ''}`,
      );
    try {
      return await this.run(request);
    } catch (error) {
      return failure(error);
    } finally {
      this.tracker.end(request.instance, target);
    }
  }

  private async run(request: ReconcileRequest): Promise<ReconcileOutcome> {
    const resolved = await resolveInstance(
      {
        instances: this.instances,
        solutions: this.solutions,
        targets: this.targets,
      },
      request.instance,
      request.target,
    );
    const { instance, solution, targets } = resolved;
    const names = targets.map((t) => t.metadata.name);
    // One hash per run (the deployment of a car and both records of its summary carry it), not one per use.
    const hash =
      targets.length === 1 ? deploymentHash(solution, targets[0]) : undefined;
    this.tracker.mark(instance.metadata.name, names);
    const generation = instance.metadata.objGeneraion ?? 1;
    const started = startedStatus(
      generation,
      request.jobId,
      request.statusProperties ?? {},
      this.clock.nowIso(),
    );
    await this.instances.setStatus(instance.metadata.name, started);
    const componentNames = (solution.spec.components ?? []).map((c) => c.name);
    await this.record(resolved, request.jobId, hash, {
      results: Object.fromEntries(
        names.map((n) => [
          n,
          deployingResult(solution.metadata.name, componentNames),
        ]),
      ),
      state: SummaryState.Running,
    });
    const outcomes = await Promise.all(
      targets.map(async (target) => {
        const release = await this.slots.acquire();
        try {
          const deployment = buildDeployment({
            instance,
            solution,
            target,
            jobId: request.jobId,
            hash,
          });
          const outcome = await this.deploy(target, deployment, request).catch(
            failure,
          );
          return [target.metadata.name, outcome] as const;
        } finally {
          release();
        }
      }),
    );
    const byTarget = Object.fromEntries(outcomes);
    const summary = await this.record(resolved, request.jobId, hash, {
      results: Object.fromEntries(
        targets.map((t) => [
          t.metadata.name,
          targetResultOf(t, byTarget[t.metadata.name], componentNames),
        ]),
      ),
      message: outcomes.length === 1 ? outcomes[0][1].messages[0] : undefined,
      skipped: outcomes.every(([, o]) => o.skipped),
    });
    for (const [target, outcome] of outcomes)
      if (outcome.unconfirmed)
        await this.summaries.markUnconfirmed({
          instance: instance.metadata.name,
          target,
          jobId: request.jobId,
          generation: String(generation),
          since: this.clock.nowIso(),
        });
      else
        await this.summaries.clearUnconfirmed(
          instance.metadata.name,
          target,
          request.jobId,
        );
    const outcome = combineOutcomes(byTarget, summary.summary);
    await this.instances.setStatus(
      instance.metadata.name,
      finishedStatus(
        started,
        outcome.result,
        outcome.messages[0] ?? '',
        this.clock.nowIso(),
        outcome.unconfirmed,
      ),
    );
    // A success is debug: for a car's update the UpdateRunner logs the same end (one line per car is enough at
    // 10,000 cars); anything else stays visible.
    const level =
      outcome.result === 'succeeded' && !outcome.unconfirmed ? 'debug' : 'log';
    this.logger[level](
      `instance ${instance.metadata.name} (generation ${generation}, ${solution.metadata.name}) on ${names.join(', ')}: ${outcome.unconfirmed ? 'unknown (no answer in time)' : outcome.result}${outcome.coaState === null ? '' : ` (${coaStateName(outcome.coaState)})`}`,
    );
    return outcome;
  }

  private async deploy(
    target: SymphonyTarget,
    deployment: DeploymentSpec,
    request: ReconcileRequest,
  ): Promise<ReconcileOutcome> {
    const desired = deployment.solution?.spec?.components ?? [];
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
    return { ...applyOutcome(target, reply), plan: steps };
  }

  /** What the target reports for this deployment (COA GET); a ReconcileFailure when it cannot say. */
  async currentComponents(
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

  private record(
    { instance, allTargets }: Resolved,
    jobId: string,
    /** The deployment's hash when the instance has one Target (a car's update), as Symphony's summary has it. */
    deploymentHash: string | undefined,
    input: Pick<
      Parameters<SummariesService['recordTargets']>[1],
      'results' | 'message' | 'skipped' | 'state'
    >,
  ) {
    return this.summaries.recordTargets(instance.metadata.name, {
      ...input,
      targets: allTargets,
      generation: String(instance.metadata.objGeneraion ?? 1),
      time: this.clock.now(),
      jobID: jobId,
      summaryId: jobId,
      deploymentHash,
    });
  }
}

/** The outcome of a target's answer to POST. */
export function applyOutcome(
  target: SymphonyTarget,
  reply: { state: number; bodyText: string },
): ReconcileOutcome {
  const summary = summaryOf(reply.bodyText);
  const name = target.metadata.name;
  return {
    result: classifyApply(reply.state, summary, name),
    coaState: reply.state,
    messages: messagesOf(
      summary,
      reply.bodyText.trim() || coaStateName(reply.state),
      name,
    ),
    components: summary?.targets?.[name]?.components ?? {},
    plan: [],
    skipped: false,
    summary,
  };
}
