import { Logger } from '@nestjs/common';
import { Clock, TimerHandle } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { BrokerEndpoint } from '../mqtt/broker-endpoint';
import { CarCredentials } from '../mqtt/car-credentials';
import {
  AgentEnvironment,
  agentRunFolder,
  AgentSpec,
  buildAgentCommand,
} from './agent-command';
import { forEachLine } from './line-splitter';
import { AgentProcess, ProcessSpawner } from './process-spawner';

export const STOP_GRACE_MS = 5000;
const KILL_WAIT_MS = 5000;

/** How an agent ended its stop: on SIGTERM, or only after the SIGKILL. */
export type StopOutcome = 'exited' | 'killed';

export type AgentExitListener = (
  code: number | null,
  signal: NodeJS.Signals | null,
) => void;

/**
 * One agent process from start to end: its command line, its output in the API's log, its exit reported once,
 * and its stop (SIGTERM to the process group, SIGKILL after a grace period). Whether and when an agent runs
 * is the supervisor's decision.
 */
export class AgentLauncher {
  private readonly logger = new Logger(AgentLauncher.name);
  private readonly agentLog = new Logger('CarAgent');

  constructor(
    private readonly spawner: ProcessSpawner,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly broker: BrokerEndpoint,
    private readonly credentials: CarCredentials,
  ) {}

  /** Spawns the car's agent (throws when it cannot); `onEnd` is called once, when it has exited or never started. */
  launch(spec: AgentSpec, onEnd: AgentExitListener): AgentProcess {
    const { id } = spec;
    const child = this.spawner.spawn(
      buildAgentCommand(
        spec,
        this.environment(),
        this.credentials.argsFor(
          id,
          agentRunFolder(this.config.get('dataDir'), id),
        ),
      ),
    );
    forEachLine(child.stdout, (line) => this.agentLog.log(`car=${id} ${line}`));
    forEachLine(child.stderr, (line) =>
      this.agentLog.warn(`car=${id} ${line}`),
    );
    let ended = false;
    const end: AgentExitListener = (code, signal) => {
      if (ended) return;
      ended = true;
      onEnd(code, signal);
    };
    child.once('exit', end);
    child.once('error', (error) => {
      this.logger.error(`car=${id} agent process error: ${error.message}`);
      // Without a pid the process never started, and no 'exit' will follow.
      if (child.pid === undefined) end(null, null);
    });
    return child;
  }

  /**
   * SIGTERM to the agent's process group, SIGKILL after STOP_GRACE_MS; resolves once `exited` has, or
   * KILL_WAIT_MS after the SIGKILL at the latest, with whether it took the SIGKILL. `quiet`: the SIGKILL is
   * not logged here (a stop of every agent reports them all in one line).
   */
  async terminate(
    id: string,
    child: AgentProcess,
    exited: Promise<void>,
    { quiet = false }: { quiet?: boolean } = {},
  ): Promise<StopOutcome> {
    const timers: TimerHandle[] = [];
    let outcome: StopOutcome = 'exited';
    const deadline = new Promise<void>((resolve) => {
      timers.push(
        this.clock.setTimeout(() => {
          outcome = 'killed';
          if (!quiet)
            this.logger.warn(
              `car=${id} agent ignored SIGTERM for ${STOP_GRACE_MS} ms; sending SIGKILL`,
            );
          this.spawner.signal(child, 'SIGKILL');
          timers.push(this.clock.setTimeout(resolve, KILL_WAIT_MS));
        }, STOP_GRACE_MS),
      );
    });
    this.spawner.signal(child, 'SIGTERM');
    await Promise.race([exited, deadline]);
    timers.forEach((t) => this.clock.clearTimeout(t));
    return outcome;
  }

  private environment(): AgentEnvironment {
    return {
      settings: this.config.get('agent'),
      brokerUrl: this.broker.url,
      dataDir: this.config.get('dataDir'),
      nodePath: process.execPath,
    };
  }
}
