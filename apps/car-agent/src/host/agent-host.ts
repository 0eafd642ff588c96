import type { AgentConfig } from '../config/agent-config';
import type { AgentDeps } from '../agent/agent-deps';
import { CarAgent } from '../agent/car-agent';
import type { ProcessPort } from '../agent/process-port';
import { StartupError } from '../agent/startup-error';
import type { Logger } from '../logging/logger';
import { OverdueStops } from './overdue-stops';

/** Builds the dependencies of one car inside the host (its own MQTT connection, cluster and run folder). */
export type CarDepsFactory = (config: AgentConfig, process: ProcessPort) => AgentDeps;

export interface AgentHostOptions {
  createDeps: CarDepsFactory;
  logger: Logger;
  pid: number;
  /** Called once per car when it ends (graceful stop 0, refused 3, ...). */
  onExit: (name: string, code: number) => void;
}

interface HostedCar {
  agent: CarAgent;
  exited: Promise<number>;
}

/**
 * Many cars in one process: each is a full CarAgent with its own identity and broker connection; only the
 * process is shared. A car's "exit" ends that car, never the host.
 */
export class AgentHost {
  private readonly cars = new Map<string, HostedCar>();
  private readonly overdue: OverdueStops;

  constructor(private readonly options: AgentHostOptions) {
    this.overdue = new OverdueStops(options.logger);
  }

  get size(): number {
    return this.cars.size;
  }

  has(name: string): boolean {
    return this.cars.has(name);
  }

  /** Starts a car; throws StartupError when its state cannot be restored or the name is hosted already. */
  add(config: AgentConfig): void {
    if (this.cars.has(config.name)) throw new StartupError(`car ${config.name} already runs in this host`);
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    let done = false;
    const port: ProcessPort = {
      pid: this.options.pid,
      onTerminate: () => undefined, // the host's own signals stop every car through remove()
      onFatal: () => undefined, // the host owns uncaught errors
      writeStderr: (line) => this.options.logger.warn('car stderr', { carId: config.name, line }),
      exit: (code) => {
        if (done) return;
        done = true;
        this.cars.delete(config.name);
        resolveExit(code);
        this.options.onExit(config.name, code);
      },
      exitOverdue: (code) => {
        if (done) return;
        this.overdue.add(config.name);
        port.exit(code);
      },
    };
    const agent = new CarAgent(this.options.createDeps(config, port));
    this.cars.set(config.name, { agent, exited });
    agent.start();
  }

  /** Stops one car gracefully; resolves with its exit code (undefined when it was not hosted). */
  async remove(name: string, reason = 'removed'): Promise<number | undefined> {
    const car = this.cars.get(name);
    if (!car) return undefined;
    void car.agent.stop(reason);
    return car.exited;
  }

  /** Stops every car; resolves when all have ended, with one line for them all. */
  async stopAll(reason: string): Promise<void> {
    const count = this.cars.size;
    if (count === 0) return;
    const started = Date.now();
    await Promise.all([...this.cars.keys()].map((name) => this.remove(name, reason)));
    this.overdue.flush();
    this.options.logger.info('all cars stopped', { cars: count, ms: Date.now() - started, reason });
  }
}
