// One workload instance on this agent, as Ankaios' WorkloadControlLoop drives it, with the runtime simulated:
// create -> Pending(Starting) -> Running(Ok); a failed create is retried with backoff ("Retry n: ...") and
// ends in Pending(StartingFailed) ("No more retries: ..."); an exit is Succeeded(Ok) or Failed(ExecFailed)
// and restarts per restartPolicy (restart-policy.md: ON_FAILURE on Failed(ExecFailed), ALWAYS also on
// Succeeded(Ok); dependencies are not considered on a restart); delete -> Stopping(RequestedAtRuntime) ->
// Stopping(Stopping) -> removed.
import type { ExecutionState, FaultRule, LogLevel, WorkloadHealth } from '@fleet/shared/contracts';
import { ExecutionStates, tagOf, type RenderedWorkload } from '@fleet/shared/ankaios/util';
import { rollFaults, type StartFaults } from './faults';
import { readRuntimeConfig, type SimulatedRuntimeConfig } from './runtime-config';
import type { TimerHandle } from './scheduler';
import { BASE_TIMING, type Timing } from './timing';

export interface RunnerContext {
  timing: Timing;
  random: () => number;
  region: string | undefined;
  faultRules: () => readonly FaultRule[];
  schedule: (callback: () => void, ms: number) => TimerHandle;
  cancel: (handle: TimerHandle) => void;
  report: (state: ExecutionState) => void;
  healthChanged: () => void;
  removed: () => void;
  log: (level: LogLevel, message: string) => void;
}

type Phase = 'idle' | 'starting' | 'running' | 'exited' | 'start-failed' | 'deleting' | 'removed';

export class WorkloadRunner {
  health: WorkloadHealth = 'unknown';
  private phase: Phase = 'idle';
  private failedStarts = 0;
  private deleteFailures = 0;
  private timers = new Set<TimerHandle>();
  private readonly config: SimulatedRuntimeConfig;

  constructor(
    readonly workload: RenderedWorkload,
    private readonly ctx: RunnerContext,
  ) {
    this.config = readRuntimeConfig(workload.spec.runtime, workload.spec.runtimeConfig);
  }

  get started(): boolean {
    return this.phase !== 'idle';
  }

  /** WorkloadCommand::Create. */
  start(): void {
    this.failedStarts = 0;
    this.phase = 'starting';
    this.ctx.report(ExecutionStates.startingTriggered());
    this.ctx.log('info', `starting ${this.describeImage()} (runtime ${this.workload.spec.runtime})`);
    this.attemptStart();
  }

  /** WorkloadCommand::Delete: stops retries and timers, then stops the workload. */
  delete(): void {
    if (this.phase === 'deleting' || this.phase === 'removed') return;
    this.cancelAll();
    if (this.phase === 'idle') return this.finishRemoval();
    this.phase = 'deleting';
    this.setHealth('unknown');
    this.ctx.report(ExecutionStates.stoppingRequested());
    this.ctx.log('info', 'stopping');
    this.stopOnRuntime();
  }

  /** The runtime lost the workload (Failed(Lost)) or reports a state Ankaios does not know (Failed(Unknown)). */
  runtimeEvent(kind: 'lost' | 'unknown'): void {
    if (this.phase !== 'running' && this.phase !== 'starting') return;
    this.cancelAll();
    this.phase = 'exited';
    this.setHealth('unhealthy');
    this.ctx.report(kind === 'lost' ? ExecutionStates.lost() : ExecutionStates.unknown('unknown container state'));
    this.ctx.log('error', kind === 'lost' ? 'the runtime lost the workload' : 'the runtime reports an unknown state');
  }

  /** Ends every timer without reporting anything (cluster stop, agent restart). */
  dispose(): void {
    this.cancelAll();
    this.phase = 'removed';
  }

  private attemptStart(): void {
    this.phase = 'starting';
    const image = this.config.image;
    const faults = rollFaults(this.ctx.faultRules(), image, this.ctx.region, this.ctx.random, BASE_TIMING.defaultCrashMs / 1000);
    this.after(this.ctx.timing.startDuration(), () =>
      faults.failStart ? this.startFailed(`fault injected: image '${image}' failed to start`) : this.running(faults),
    );
  }

  private startFailed(error: string): void {
    this.failedStarts++;
    const { maxRetries } = this.ctx.timing.retry;
    this.ctx.log('error', `start failed: ${error}`);
    if (this.failedStarts > maxRetries) {
      this.phase = 'start-failed';
      this.setHealth('unhealthy');
      this.ctx.report(ExecutionStates.noMoreRetries(error));
      this.ctx.log('error', `giving up after ${maxRetries} retries`);
      return;
    }
    this.ctx.report(ExecutionStates.retryStarting(this.failedStarts, error));
    const delay = this.ctx.timing.backoff(this.failedStarts - 1);
    this.ctx.log('warn', `retry ${this.failedStarts} of ${maxRetries} in ${Math.round(delay)} ms`);
    this.after(delay, () => this.attemptStart());
  }

  private running(faults: StartFaults): void {
    this.phase = 'running';
    this.failedStarts = 0;
    this.setHealth('unknown');
    this.ctx.report(ExecutionStates.running());
    this.ctx.log('info', `running ${this.describeImage()}`);
    this.scheduleHealth(faults);
    const exits: { ms: number; code: number; reason: string }[] = [];
    if (faults.crashAfterSeconds !== undefined)
      exits.push({ ms: this.ctx.timing.seconds(faults.crashAfterSeconds), code: 137, reason: 'crashed (fault injected)' });
    if (this.config.exitAfterSeconds !== undefined)
      exits.push({ ms: this.ctx.timing.seconds(this.config.exitAfterSeconds), code: this.config.exitCode ?? 0, reason: 'exited' });
    const first = exits.sort((a, b) => a.ms - b.ms)[0];
    if (first) this.after(first.ms, () => this.exited(first.code, first.reason));
  }

  private scheduleHealth(faults: StartFaults): void {
    const delay = this.ctx.timing.scale(BASE_TIMING.healthDelayMs);
    const unhealthyAt = faults.unhealthyAfterSeconds === undefined ? undefined : Math.max(delay, this.ctx.timing.seconds(faults.unhealthyAfterSeconds));
    if (unhealthyAt !== delay) this.after(delay, () => this.setHealth('healthy'));
    if (unhealthyAt !== undefined) this.after(unhealthyAt, () => this.setHealth('unhealthy'));
  }

  private exited(code: number, reason: string): void {
    this.cancelAll();
    this.phase = 'exited';
    const succeeded = code === 0;
    this.setHealth(succeeded ? 'healthy' : 'unhealthy');
    this.ctx.report(succeeded ? ExecutionStates.succeeded() : ExecutionStates.failed(`${reason} with exit code ${code}`));
    this.ctx.log(succeeded ? 'info' : 'error', `${reason} with exit code ${code}`);
    const policy = this.workload.spec.restartPolicy ?? 'NEVER';
    if (policy === 'ALWAYS' || (policy === 'ON_FAILURE' && !succeeded)) {
      this.ctx.log('info', `restarting (restartPolicy ${policy})`);
      this.start();
    }
  }

  private stopOnRuntime(): void {
    const half = this.ctx.timing.stopDuration() / 2;
    this.after(half, () => {
      this.ctx.report(ExecutionStates.stopping());
      this.after(half, () => {
        if (this.config.deleteFails && this.deleteFailures === 0) {
          this.deleteFailures++;
          this.ctx.report(ExecutionStates.deleteFailed('the runtime could not delete the container'));
          this.ctx.log('error', 'delete failed; trying again');
          this.after(this.ctx.timing.scale(BASE_TIMING.deleteRetryMs), () => this.stopOnRuntime());
          return;
        }
        this.finishRemoval();
      });
    });
  }

  private finishRemoval(): void {
    this.phase = 'removed';
    this.ctx.log('info', 'removed');
    this.ctx.removed();
  }

  private setHealth(health: WorkloadHealth): void {
    if (health === this.health) return;
    const before = this.health;
    this.health = health;
    if (this.phase === 'running' || health !== 'unknown')
      this.ctx.log(health === 'unhealthy' ? 'warn' : 'info', `health ${before} -> ${health}`);
    this.ctx.healthChanged();
  }

  private describeImage(): string {
    const image = this.config.image;
    return image ? `image ${image} (version ${tagOf(image) ?? 'untagged'})` : 'a workload without image';
  }

  private after(ms: number, callback: () => void): void {
    const handle = this.ctx.schedule(() => {
      this.timers.delete(handle);
      callback();
    }, ms);
    this.timers.add(handle);
  }

  private cancelAll(): void {
    for (const handle of this.timers) this.ctx.cancel(handle);
    this.timers.clear();
  }
}
