import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { CoaState } from '@fleet/shared/contracts';
import type { SymphonyTarget } from '@fleet/shared/contracts';
import {
  planDeployment,
  referenceToObjectName,
} from '@fleet/shared/symphony/util';
import { Subject, Subscription } from 'rxjs';
import { Clock, TimerHandle } from '../../common/clock';
import { AppConfigService } from '../../config/app-config.service';
import { InstancesService } from '../instances.service';
import { MqttTargetProvider } from '../provider/mqtt-target-provider';
import type { LateAnswer } from '../provider/mqtt-target-provider';
import { SolutionsService } from '../solutions.service';
import { SummariesService } from '../summaries.service';
import type { UnconfirmedDeployment } from '../summaries.service';
import { TargetsRegistryService } from '../targets-registry.service';
import { agentNameOf, buildDeployment } from './deployment';
import type { ReconcileOutcome } from './outcome';
import { finishedStatus, ReconcileKeys } from './reconcile-status';
import { applyOutcome, Reconciler } from './reconciler';
import { Resolved, resolveInstance, targetsOf } from './resolve';
import { targetResultOf } from './target-results';

/** A deployment step that had timed out, now known. */
export interface ConfirmedDeployment {
  instance: string;
  target: string;
  jobId: string;
  outcome: ReconcileOutcome;
  via: 'late answer' | 'GET';
}

/** Never re-check more often than this, whatever the provider timeout. */
export const MIN_RECHECK_MS = 2_000;
export const MAX_RECHECK_MS = 60_000;
/**
 * A car answers every POST within its health timeout plus the restore (120 s + 30 s at the car agent's
 * defaults). Its GET reports the desired workloads even mid-install, so it is asked only once that time
 * has passed: by then it has finished, or rolled back.
 */
export const CAR_WORST_CASE_MS = 150_000;
/** A step superseded by a newer deployment waits this long for its late answer, then is forgotten. */
export const SUPERSEDED_TTL_MS = 24 * 3600_000;

/**
 * Settles POSTs recorded as unknown (no answer within SYMPHONY_TIMEOUT_SECONDS): from the car's late answer
 * as soon as it arrives, else (the answer was lost, e.g. the API restarted) by a periodic COA GET once the
 * car's worst case has passed (by then it has finished or rolled back; until then it is left alone). The summary's target result is corrected and the
 * result announced on `confirmed$` (the update history listens). A newer generation supersedes it.
 */
@Injectable()
export class TimeoutConfirmer
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(TimeoutConfirmer.name);
  private subscription?: Subscription;
  private timer?: TimerHandle;
  private checking = false;
  readonly confirmed$ = new Subject<ConfirmedDeployment>();

  constructor(
    private readonly provider: MqttTargetProvider,
    private readonly reconciler: Reconciler,
    private readonly summaries: SummariesService,
    private readonly instances: InstancesService,
    private readonly solutions: SolutionsService,
    private readonly targets: TargetsRegistryService,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.provider.lateAnswers$.subscribe((late) => {
      this.settleLate(late).catch((error: Error) =>
        this.logger.warn(`late answer not recorded: ${error.message}`),
      );
    });
    this.timer = this.clock.setInterval(
      () => void this.recheck(),
      Math.min(MAX_RECHECK_MS, Math.max(MIN_RECHECK_MS, this.timeoutMs() / 2)),
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.timer) this.clock.clearInterval(this.timer);
  }

  /** A late answer to POST settles the step it belongs to (same instance, target and job). */
  async settleLate(late: LateAnswer): Promise<boolean> {
    if (late.method !== 'POST') return false;
    const record = await this.summaries.findUnconfirmed(
      late.instance,
      late.target,
      late.jobId,
    );
    if (!record || record.jobId !== late.jobId) return false;
    const target = await this.targets.find(late.target);
    if (!target) return false;
    return this.settle(
      record,
      target,
      applyOutcome(target, late.reply),
      'late answer',
    );
  }

  /** Asks each car whose step is still unknown (once its worst case has passed) what it runs. */
  async recheck(): Promise<number> {
    if (this.checking) return 0;
    this.checking = true;
    let settled = 0;
    try {
      for (const record of await this.summaries.listUnconfirmed()) {
        const age = this.clock.now().getTime() - Date.parse(record.since);
        if (age < Math.max(this.timeoutMs(), CAR_WORST_CASE_MS)) continue;
        if (this.reconciler.isRunning(record.instance, record.target)) continue;
        const latest = await this.summaries.latestJob(
          record.instance,
          record.target,
        );
        if (latest !== record.jobId) {
          // A newer deployment ran since: a GET cannot tell this job's result; only its late answer can.
          if (age > SUPERSEDED_TTL_MS) {
            await this.clear(record);
            this.logger.warn(
              `instance ${record.instance} on ${record.target}: job ${record.jobId} never confirmed; forgotten`,
            );
          }
          continue;
        }
        if (
          await this.recheckOne(record).catch((error: Error) => {
            this.logger.warn(
              `instance ${record.instance} on ${record.target} still unknown: ${error.message}`,
            );
            return false;
          })
        )
          settled++;
      }
    } finally {
      this.checking = false;
    }
    return settled;
  }

  private async recheckOne(record: UnconfirmedDeployment): Promise<boolean> {
    let resolved: Resolved;
    try {
      resolved = await resolveInstance(
        {
          instances: this.instances,
          solutions: this.solutions,
          targets: this.targets,
        },
        record.instance,
        record.target,
      );
    } catch {
      await this.clear(record);
      return false;
    }
    const { instance, solution } = resolved;
    const target = resolved.targets[0];
    if (String(instance.metadata.objGeneraion ?? 1) !== record.generation) {
      await this.clear(record);
      return false;
    }
    const deployment = buildDeployment({
      instance,
      solution,
      target,
      jobId: record.jobId,
    });
    const current = await this.reconciler.currentComponents(target, deployment);
    const desired = solution.spec.components ?? [];
    const plan = planDeployment(desired, current, agentNameOf(target));
    const runs = plan.steps.length === 0;
    const name = target.metadata.name;
    const message = runs
      ? `confirmed by GET after the timeout: ${solution.metadata.name} runs on ${name}`
      : `confirmed by GET after the timeout: ${name} does not run ${solution.metadata.name} (${plan.steps.length} component(s) differ); the install did not complete`;
    const outcome: ReconcileOutcome = {
      result: runs ? 'succeeded' : 'failed',
      coaState: runs ? CoaState.OK : CoaState.UpdateFailed,
      messages: [message],
      components: Object.fromEntries(
        desired.map((c) => [
          c.name,
          runs
            ? { status: CoaState.Updated, message: 'running as planned' }
            : plan.steps.some((s) => s.component.name === c.name)
              ? { status: CoaState.UpdateFailed, message: 'not as planned' }
              : { status: CoaState.Untouched, message: 'unchanged' },
        ]),
      ),
      plan: [],
      skipped: false,
      summary: null,
    };
    return this.settle(record, target, outcome, 'GET');
  }

  private async settle(
    record: UnconfirmedDeployment,
    target: SymphonyTarget,
    outcome: ReconcileOutcome,
    via: ConfirmedDeployment['via'],
  ): Promise<boolean> {
    // Only the first confirmation counts (a late answer and a GET may race).
    if (!(await this.clear(record))) return false;
    const latest =
      (await this.summaries.latestJob(record.instance, record.target)) ===
      record.jobId;
    const instance = latest ? await this.instances.find(record.instance) : null;
    const solution = instance
      ? await this.solutions.findVersion(
          referenceToObjectName(instance.spec.solution),
        )
      : null;
    const names = (solution?.spec.components ?? []).map((c) => c.name);
    // The summary shows this job's target only while no newer deployment replaced it (nor the instance).
    if (instance) {
      const all = await targetsOf(instance, this.targets);
      await this.summaries.recordTargets(record.instance, {
        results: { [record.target]: targetResultOf(target, outcome, names) },
        targets: all.map((t) => t.metadata.name),
        generation: record.generation,
        time: this.clock.now(),
        jobID: record.jobId,
        summaryId: record.jobId,
        message: outcome.messages[0],
      });
    }
    const status = instance?.status;
    if (instance && status?.properties?.[ReconcileKeys.job] === record.jobId)
      await this.instances.setStatus(
        record.instance,
        finishedStatus(
          status,
          outcome.result,
          outcome.messages[0] ?? '',
          this.clock.nowIso(),
        ),
      );
    this.logger.log(
      `instance ${record.instance} on ${record.target}: ${outcome.result} (confirmed by ${via} after the timeout)`,
    );
    this.confirmed$.next({
      instance: record.instance,
      target: record.target,
      jobId: record.jobId,
      outcome,
      via,
    });
    return true;
  }

  private clear(record: UnconfirmedDeployment): Promise<boolean> {
    return this.summaries.clearUnconfirmed(
      record.instance,
      record.target,
      record.jobId,
    );
  }

  private timeoutMs(): number {
    return this.config.get('symphony').timeoutSeconds * 1000;
  }
}
