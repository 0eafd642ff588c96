import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { VehicleState } from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import { LeaseService } from '../cluster/lease.service';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { CarCredentials } from '../mqtt/car-credentials';
import { agentRunFolder, AgentSpec } from './agent-command';
import { AgentLauncher } from './agent-launcher';
import { AgentProcess, ProcessSpawner } from './process-spawner';
import {
  decideRestart,
  EXIT_NAME_TAKEN,
  NAME_TAKEN_RETRIES,
  nameTakenRetryDelayMs,
} from './restart-policy';
import { AgentStopOutcome, StopAllReport } from './stop-all-report';
import { StopsInProgress } from './stops-in-progress';
import {
  AgentProcessEvent,
  countAgents,
  SupervisedAgent,
  supervisedAgent,
  SupervisorCounts,
} from './supervised-agent';

export { STOP_GRACE_MS } from './agent-launcher';
export { NAME_TAKEN_RETRIES } from './restart-policy';
export type { AgentProcessEvent, SupervisorCounts } from './supervised-agent';

/**
 * Keeps one agent process per car alive: spawns, restarts with backoff, stops by process group. Several
 * replicas: only the lease holder runs agents; `start` on a follower does nothing (the leader starts the car
 * when it hears of it, or when it takes the lease and reads every car from the database).
 */
@Injectable()
export class AgentSupervisor {
  private readonly logger = new Logger(AgentSupervisor.name);
  private readonly launcher: AgentLauncher;
  private readonly agents = new Map<string, SupervisedAgent>();
  private readonly stopping = new StopsInProgress();
  /** The stop of every agent under way, if any: its ordinary ends are counted there, not logged per car. */
  private stopAllReport: StopAllReport | null = null;
  readonly events$ = new Subject<AgentProcessEvent>();

  constructor(
    private readonly spawner: ProcessSpawner,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    @Inject(BROKER_ENDPOINT) broker: BrokerEndpoint,
    private readonly credentials: CarCredentials = new CarCredentials(null),
    /** Absent (unit tests): this process always leads. */
    @Optional() private readonly lease?: LeaseService,
  ) {
    this.launcher = new AgentLauncher(
      spawner,
      clock,
      config,
      broker,
      credentials,
    );
  }

  /** Whether this replica may run agents: the only replica, or the holder of the engine lease. */
  get mayRunAgents(): boolean {
    return !this.lease || this.lease.isLeader;
  }

  /**
   * Starts the car's agent unless it is already supervised. While an agent of the same name is still being
   * stopped (or discarded), the new one starts only after that has finished, so that two agents never hold
   * the name or the run folder at once.
   */
  start(spec: AgentSpec): boolean {
    if (this.agents.get(spec.id)?.desired) return false;
    if (!this.mayRunAgents) {
      this.logger.debug(
        `car=${spec.id} agent left to the leader (this replica follows)`,
      );
      return false;
    }
    const entry = supervisedAgent(spec);
    this.agents.set(spec.id, entry);
    const stopping = this.stopping.get(spec.id);
    if (!stopping) {
      this.spawn(entry);
      return true;
    }
    void stopping.then(() => {
      if (entry.desired && this.agents.get(spec.id) === entry)
        this.spawn(entry);
    });
    return true;
  }

  /** The cars whose agents this replica runs (or keeps restarting). */
  supervisedIds(): string[] {
    return [...this.agents.entries()]
      .filter(([, entry]) => entry.desired)
      .map(([id]) => id);
  }

  /** The vehicle state a restarted agent starts in. */
  setVehicleState(carId: string, state: VehicleState): void {
    const entry = this.agents.get(carId);
    if (entry) entry.spec.vehicleState = state;
  }

  isSupervised(carId: string): boolean {
    return this.agents.get(carId)?.desired ?? false;
  }

  /** SIGTERM to the agent's process group, SIGKILL after 5 s; resolves when it has exited. */
  stop(carId: string): Promise<void> {
    return this.stopping.run(carId, async () => {
      await this.stopEntry(carId);
    });
  }

  /** Stops the agent and deletes its run folder, so that a new car of the same name starts afresh. */
  discard(carId: string): Promise<void> {
    return this.stopping.run(carId, async () => {
      await this.stopEntry(carId);
      this.credentials.revoke(carId);
      const runFolder = agentRunFolder(this.config.get('dataDir'), carId);
      try {
        this.spawner.removeRunFolder(runFolder);
      } catch (error) {
        this.logger.warn(
          `car=${carId} run folder ${runFolder} not removed: ${(error as Error).message}`,
        );
      }
    });
  }

  /** Stops every agent at once (the API's shutdown), reported in a few lines (StopAllReport). */
  async stopAll(): Promise<void> {
    const ids = [...this.agents.keys()];
    if (ids.length === 0) return;
    this.logger.log(`stopping ${ids.length} agent(s)`);
    const report = new StopAllReport(ids.length, this.clock.now().getTime());
    this.stopAllReport = report;
    await Promise.all(
      ids.map((id) =>
        this.stopping.run(id, async () =>
          report.record(id, await this.stopEntry(id, true)),
        ),
      ),
    ).finally(() => (this.stopAllReport = null));
    report.log(this.logger, this.clock.now().getTime());
  }

  counts(): SupervisorCounts {
    return countAgents(this.agents.values());
  }

  /** `quiet`: a SIGKILL or an agent that outlived it is the caller's to report. */
  private async stopEntry(
    carId: string,
    quiet = false,
  ): Promise<AgentStopOutcome> {
    const entry = this.agents.get(carId);
    if (!entry) return 'not running';
    entry.desired = false;
    if (entry.restartTimer) this.clock.clearTimeout(entry.restartTimer);
    entry.restartTimer = null;
    const child = entry.child;
    let outcome: AgentStopOutcome = 'not running';
    if (child) {
      outcome = await this.launcher.terminate(carId, child, entry.exited, {
        quiet,
      });
      if (entry.child) {
        outcome = 'stuck';
        if (!quiet)
          this.logger.error(
            `car=${carId} agent (pid ${child.pid ?? '?'}) did not exit after SIGKILL`,
          );
      }
    }
    if (this.agents.get(carId) === entry) this.agents.delete(carId);
    return outcome;
  }

  private spawn(entry: SupervisedAgent): void {
    const { id } = entry.spec;
    let child: AgentProcess;
    try {
      child = this.launcher.launch(entry.spec, (code, signal) => {
        entry.child = null;
        entry.pid = null;
        entry.markExited();
        this.onExit(entry, code, signal);
      });
    } catch (error) {
      this.logger.error(
        `car=${id} could not spawn its agent: ${(error as Error).message}`,
      );
      this.onExit(entry, null, null);
      return;
    }
    entry.child = child;
    entry.pid = child.pid ?? null;
    entry.exited = new Promise((resolve) => (entry.markExited = resolve));
    this.logger.log(`car=${id} agent started (pid ${entry.pid ?? '?'})`);
    this.emit(entry, 'starting');
  }

  private onExit(
    entry: SupervisedAgent,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    const { id } = entry.spec;
    if (!entry.desired) {
      if (!this.stopAllReport?.covers(code, signal))
        this.logger.log(
          `car=${id} agent stopped (code ${code}, signal ${signal})`,
        );
      return;
    }
    if (code === EXIT_NAME_TAKEN && this.retriesTakenName(entry)) return;
    if (code !== EXIT_NAME_TAKEN) entry.nameTaken = 0;
    const { restartLimit, restartWindowMs } = this.config.get('agent');
    const now = this.clock.now().getTime();
    entry.restartTimes = entry.restartTimes.filter(
      (t) => now - t < restartWindowMs,
    );
    const decision = decideRestart(
      code,
      entry.restartTimes,
      now,
      restartLimit,
      restartWindowMs,
    );
    if (!decision.restart) {
      this.logger.error(
        `car=${id} agent exited (code ${code}, signal ${signal}); not restarting: ${decision.reason}`,
      );
      this.emit(entry, 'stopped');
      return;
    }
    this.logger.warn(
      `car=${id} agent exited (code ${code}, signal ${signal}); restarting in ${decision.delayMs} ms`,
    );
    this.emit(entry, 'crashed');
    entry.restartTimer = this.clock.setTimeout(() => {
      entry.restartTimer = null;
      if (!entry.desired) return;
      entry.restartTimes.push(this.clock.now().getTime());
      entry.restarts++;
      this.spawn(entry);
    }, decision.delayMs);
  }

  /**
   * Several replicas: the name is taken by the previous leader's agent, which is on its way out. Spawns again
   * after a backoff (not counted against the crash limit) until it is gone, at most NAME_TAKEN_RETRIES times.
   */
  private retriesTakenName(entry: SupervisedAgent): boolean {
    const { id } = entry.spec;
    if (!this.lease || !this.config.get('cluster')?.enabled) return false;
    const delayMs = nameTakenRetryDelayMs(entry.nameTaken);
    if (delayMs === null) {
      this.logger.error(
        `car=${id} agent refused ${entry.nameTaken + 1} times: its name stays taken by another agent; not restarting`,
      );
      return false;
    }
    entry.nameTaken++;
    this.logger.warn(
      `car=${id} agent refused: its name is still taken (the previous leader's agent?); trying again in ${delayMs} ms (${entry.nameTaken}/${NAME_TAKEN_RETRIES})`,
    );
    entry.restartTimer = this.clock.setTimeout(() => {
      entry.restartTimer = null;
      if (!entry.desired || this.agents.get(id) !== entry) return;
      if (!this.mayRunAgents) {
        entry.desired = false;
        this.agents.delete(id);
        return;
      }
      this.spawn(entry);
    }, delayMs);
    return true;
  }

  private emit(
    entry: SupervisedAgent,
    connection: AgentProcessEvent['connection'],
  ): void {
    this.events$.next({
      carId: entry.spec.id,
      connection,
      pid: entry.pid,
      restarts: entry.restarts,
    });
  }
}
