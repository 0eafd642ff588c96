import type { ChildProcess } from 'node:child_process';
import { Injectable, Logger } from '@nestjs/common';
import { forEachLine } from '../line-splitter';
import { AgentCommand, AgentProcess, ProcessSpawner } from '../process-spawner';
import { HostedCar, hostedCar } from './host-command';
import { HostedAgent } from './hosted-agent';
import { HostCommand, HostEvent, isHostEvent } from './host-protocol';

/** Exit code the supervisor gets for a car the host could not take: a bad start, as the agent's own code 2. */
export const EXIT_NOT_HOSTED = 2;

interface RunningHost {
  id: number;
  child: ChildProcess;
  key: string;
  ready: boolean;
  stopping: boolean;
  /** Commands sent before the host said it is ready. */
  queue: HostCommand[];
  /** Its cars still known here (a count: a search of all cars at every end made a stop of 10,000 quadratic). */
  cars: number;
}

/**
 * AGENT_MODE=host: every car runs inside one `car-agent host` process (each car still has its own MQTT
 * connection, identity, simulated cluster and run folder). It stands in for the process spawner, so the
 * supervisor keeps its rules: a car's "process" ends when the host reports it exited, SIGTERM removes the car
 * from the host, and a dead host ends all its cars (each is then restarted with backoff, into a new host).
 * The host starts with the first car and stops when its last car is gone.
 */
@Injectable()
export class AgentHostSpawner extends ProcessSpawner {
  private readonly logger = new Logger(AgentHostSpawner.name);
  private readonly hostLog = new Logger('CarAgentHost');
  private readonly cars = new Map<string, HostedAgent>();
  private host: RunningHost | null = null;
  private hosts = 0;

  override spawn(command: AgentCommand): AgentProcess {
    const car = hostedCar(command);
    const host = this.hostFor(car);
    const agent = new HostedAgent(car.name, host?.child.pid, host?.id ?? -1);
    const replaced = this.cars.get(car.name);
    if (replaced && host && replaced.hostId === host.id) host.cars--;
    this.cars.set(car.name, agent);
    if (host) host.cars++;
    else {
      this.logger.error(
        `car=${car.name} cannot join the agent host: its shared flags differ from the running host's (per-car broker credentials need one process per car)`,
      );
      setImmediate(() => this.finish(agent, EXIT_NOT_HOSTED, null));
      return agent;
    }
    this.send(host, {
      type: 'add',
      name: car.name,
      tags: car.tags,
      ...(car.vehicleState ? { vehicleState: car.vehicleState } : {}),
    });
    return agent;
  }

  /** SIGTERM removes the car from its host (a graceful stop); SIGKILL cannot end one car alone and gives it up. */
  override signal(agent: AgentProcess, signal: NodeJS.Signals): boolean {
    if (!(agent instanceof HostedAgent)) return super.signal(agent, signal);
    const host = this.host;
    if (!agent.alive || this.cars.get(agent.name) !== agent) return false;
    if (signal === 'SIGKILL' || !host || host.id !== agent.hostId) {
      // The SIGKILL is the launcher's or the supervisor's to report (one line for a stop of all cars).
      this.logger.debug(
        `car=${agent.name} did not leave the agent host in time; giving it up`,
      );
      this.finish(agent, null, 'SIGKILL');
      return true;
    }
    this.send(host, { type: 'remove', name: agent.name });
    return true;
  }

  get hostPid(): number | undefined {
    return this.host?.child.pid;
  }

  private hostFor(car: HostedCar): RunningHost | null {
    if (this.host && !this.host.stopping)
      return this.host.key === car.hostKey ? this.host : null;
    return this.startHost(car);
  }

  private startHost(car: HostedCar): RunningHost {
    const child = this.spawnChild(car.host);
    const host: RunningHost = {
      id: ++this.hosts,
      child,
      key: car.hostKey,
      ready: false,
      stopping: false,
      queue: [],
      cars: 0,
    };
    this.host = host;
    this.logger.log(`agent host started (pid ${child.pid ?? '?'})`);
    forEachLine(child.stdout, (line) => this.hostLog.log(line));
    forEachLine(child.stderr, (line) => this.hostLog.warn(line));
    child.on('message', (message: unknown) => this.onEvent(host, message));
    child.once('exit', (code, signal) => this.onHostExit(host, code, signal));
    child.once('error', (error) => {
      this.logger.error(`agent host process error: ${error.message}`);
      if (child.pid === undefined) this.onHostExit(host, null, null);
    });
    return host;
  }

  private onEvent(host: RunningHost, message: unknown): void {
    if (!isHostEvent(message)) {
      this.logger.warn(`dropped a malformed message from the agent host`);
      return;
    }
    const event: HostEvent = message;
    if (event.type === 'ready') {
      host.ready = true;
      host.queue.splice(0).forEach((command) => this.send(host, command));
      return;
    }
    const agent = this.cars.get(event.name);
    if (!agent || agent.hostId !== host.id) return;
    if (event.type === 'exited') this.finish(agent, event.code, null);
    else if (event.type === 'rejected') {
      this.logger.error(
        `car=${event.name} refused by the agent host: ${event.reason}`,
      );
      this.finish(agent, EXIT_NOT_HOSTED, null);
    }
  }

  private onHostExit(
    host: RunningHost,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    if (this.host === host) this.host = null;
    const lost = [...this.cars.values()].filter((a) => a.hostId === host.id);
    if (lost.length > 0 || !host.stopping)
      this.logger.warn(
        `agent host (pid ${host.child.pid ?? '?'}) exited (code ${code}, signal ${signal}) with ${lost.length} car(s)`,
      );
    // The cars die with their host as if each had crashed; the supervisor restarts them.
    lost.forEach((agent) => this.finish(agent, code, signal));
  }

  private finish(
    agent: HostedAgent,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    const host = this.host;
    if (this.cars.get(agent.name) === agent) {
      this.cars.delete(agent.name);
      if (host && host.id === agent.hostId) host.cars--;
    }
    agent.end(code, signal);
    if (!host || host.stopping || host.id !== agent.hostId) return;
    if (host.cars > 0) return;
    host.stopping = true;
    this.logger.log('agent host has no cars left; stopping it');
    host.child.kill('SIGTERM');
  }

  private send(host: RunningHost, command: HostCommand): void {
    if (!host.ready) {
      host.queue.push(command);
      return;
    }
    try {
      host.child.send(command);
    } catch (error) {
      // The channel is closing: the host's exit follows and ends its cars.
      this.logger.warn(
        `agent host did not take ${command.type}: ${(error as Error).message}`,
      );
    }
  }
}
