import { AGENT_PROTOCOL_VERSION, CarTopics } from '@fleet/shared/contracts';
import type { AgentHello, VehicleState, WorkloadStatesReport } from '@fleet/shared/contracts';
import type { CommandTarget } from '../commands/command-handler';
import { regionOf } from '../config/agent-config';
import { FleetConnector } from '../fleet-connector/fleet-connector';
import { describeError } from '../logging/logger';
import type { MqttTransport, TransportOptions } from '../mqtt/transport';
import { buildTransportOptions } from '../mqtt/transport-options';
import { StateSaver } from '../persistence/state-saver';
import { LogBatcher } from '../reporting/log-batcher';
import { Periodic } from '../reporting/periodic';
import { TelemetryReporter } from '../reporting/telemetry-reporter';
import { WorkloadReporter } from '../reporting/workload-reporter';
import { VehicleModel } from '../vehicle/vehicle-model';
import type { AgentDeps } from './agent-deps';
import { bootState } from './boot';
import type { ClusterPort } from './cluster-port';
import { InboundRouter } from './inbound-router';
import { Outbox } from './outbox';
import { Presence } from './presence';
import { EXIT_NAME_TAKEN, EXIT_OK } from './startup-error';
import { createSymphonyTarget } from './symphony-wiring';

export const LOAD_REPORT_MS = 2_000;
/** Graceful stops must end well inside the supervisor's 2 s. */
export const STOP_BUDGET_MS = 1_500;

/** One car: a simulated Ankaios agent connected to the fleet over MQTT. */
export class CarAgent {
  readonly id: string;
  private readonly outbox: Outbox;
  private readonly logs: LogBatcher;
  private readonly cluster: ClusterPort;
  private readonly vehicle: VehicleModel;
  private readonly telemetry: TelemetryReporter;
  private readonly workloads: WorkloadReporter;
  private readonly load: Periodic;
  private readonly saver: StateSaver;
  private readonly presence: Presence;
  private readonly inbound: InboundRouter;
  private readonly transportOptions: TransportOptions;
  private transport: MqttTransport | null = null;
  private generation = 0;
  private stopping = false;
  private readonly startedAt: string;

  /** Restores or initialises the car; throws StartupError when it cannot. Connects only on start(). */
  constructor(private readonly deps: AgentDeps) {
    const { config, clock, logger } = deps;
    this.id = config.name;
    this.startedAt = clock.now().toISOString();
    this.outbox = new Outbox(logger);
    this.logs = new LogBatcher({ carId: this.id, clock, publish: (lines) => this.outbox.publish(CarTopics.logs(this.id), lines) });
    this.transportOptions = buildTransportOptions(config, deps.instanceId, clock.now(), deps.readFile);
    this.cluster = deps.createCluster({
      agentName: this.id,
      tags: config.tags,
      region: regionOf(config),
      speed: config.simSpeed,
      random: deps.random,
      log: (line) => this.logs.push(line),
    });
    const booted = this.bootOrStopCluster();
    this.vehicle = new VehicleModel(booted.vehicle, deps.random);
    this.saver = new StateSaver(deps.stateFile, clock, () => this.persistable(), logger);
    if (booted.firstStart) this.saver.schedule();
    this.telemetry = new TelemetryReporter({
      clock,
      vehicle: this.vehicle,
      region: regionOf(config),
      simSpeed: config.simSpeed,
      // Updates are gated on parked/driving, so a change goes at QoS 1; an unchanged heartbeat is a sample.
      publish: (t, changed) => {
        if (changed) this.outbox.publish(CarTopics.vehicle(this.id), t);
        else this.outbox.publishSample(CarTopics.vehicle(this.id), t);
      },
      onBatteryStep: () => this.saver.scheduleLazy(),
    });
    this.workloads = new WorkloadReporter(clock, () => this.report(), (r, changed) => {
      if (changed) this.outbox.publish(CarTopics.workloadStates(this.id), r);
      else this.outbox.publishSample(CarTopics.workloadStates(this.id), r);
    });
    this.load = new Periodic(clock, deps.loadReportMs ?? LOAD_REPORT_MS, () => this.reportLoad());
    this.presence = new Presence(this.id, deps.instanceId, (t) => this.subscribe(t), clock, logger, {
      reassert: () => {
        if (!this.stopping) this.announceStatus();
      },
      yieldName: () => void this.refuse(`an agent named ${this.id} is already connected`, true),
    });
    this.inbound = new InboundRouter({
      carId: this.id,
      presence: this.presence,
      commands: this.commandTarget(),
      fleet: new FleetConnector(this.id, this.cluster, (topic, body) => this.outbox.publish(topic, body), logger),
      symphony: createSymphonyTarget(this.id, { cluster: this.cluster, vehicle: this.vehicle, outbox: this.outbox, clock, logger }),
      cluster: this.cluster,
      logger,
    });
    // The state file keeps the desired state and the vehicle (which schedules its own saves), so only a new desired
    // state needs a save here. Workload states and health change several times in one update, and each change used
    // to rewrite the same file (a 10,000-car agent host: ~17,400 writes in one update of every car, now ~12,000).
    let persistedDesired = this.cluster.currentDesired();
    this.cluster.onChange(() => {
      this.workloads.changed();
      const desired = this.cluster.currentDesired();
      if (desired === persistedDesired) return;
      persistedDesired = desired;
      this.saver.schedule();
    });
  }

  get instanceId(): string {
    return this.deps.instanceId;
  }

  start(): void {
    const { logger, config } = this.deps;
    this.telemetry.start();
    this.workloads.start();
    this.logs.start();
    this.load.start();
    const transport = this.deps.createTransport(this.transportOptions);
    this.transport = transport;
    this.outbox.attach(transport);
    transport.onConnect(() => void this.onConnected().catch((e) => logger.error('announcing failed', { error: describeError(e) })));
    transport.onDisconnect((reason) => logger.warn('broker connection lost; retrying every second', { reason }));
    transport.onMessage((message) => this.inbound.route(message));
    logger.info('agent started', { instanceId: this.instanceId, serverUrl: config.serverUrl, pid: this.deps.process.pid });
  }

  /** Graceful stop: retained offline status, flush, disconnect, stop the workloads, exit 0. */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.deps.logger.info('stopping', { reason });
    this.forceExitAfterBudget(EXIT_OK);
    this.stopReporters();
    // Also when the broker was never reached: this agent was never refused, so the state is its own. Saved before
    // the offline status: a host stopping thousands of cars at once waits long for the broker's acknowledgements,
    // and a car whose stop budget ran out there had not saved its state at all.
    this.saver.enable();
    this.saver.flush();
    await this.outbox.send(this.presence.topic, this.presence.status(false), true);
    this.logs.flush();
    await this.endTransport();
    this.cluster.stop();
    this.deps.logger.info('stopped');
    this.deps.process.exit(EXIT_OK);
  }

  /** A duplicate leaves without touching the run folder; offline only if it had announced itself. */
  async refuse(reason: string, announced: boolean): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const message = `an agent named ${this.id} is already connected`;
    this.deps.logger.error('refused', { reason });
    this.deps.process.writeStderr(`error: ${message}`);
    this.forceExitAfterBudget(EXIT_NAME_TAKEN);
    this.saver.disable();
    this.stopReporters();
    if (announced) await this.outbox.send(this.presence.topic, this.presence.status(false), true);
    await this.endTransport();
    this.cluster.stop();
    this.deps.process.exit(EXIT_NAME_TAKEN);
  }

  private async onConnected(): Promise<void> {
    const generation = ++this.generation;
    this.deps.logger.info('connected to the broker', { serverUrl: this.deps.config.serverUrl });
    const verdict = await this.presence.check();
    if (this.stopping || generation !== this.generation) return;
    if (verdict === 'taken') return this.refuse(`an agent named ${this.id} is already connected`, false);
    this.saver.enable();
    await this.subscribe(this.inbound.topics());
    if (this.stopping || generation !== this.generation) return;
    this.announceStatus();
    const hello: AgentHello = {
      name: this.id,
      protocolVersion: AGENT_PROTOCOL_VERSION,
      instanceId: this.instanceId,
      tags: this.deps.config.tags,
      pid: this.deps.process.pid,
      startedAt: this.startedAt,
    };
    this.outbox.publish(CarTopics.hello(this.id), hello);
    this.workloads.publishNow();
    this.telemetry.publishNow();
    this.logs.flush();
  }

  private announceStatus(): void {
    const status = this.presence.status(true);
    if (this.outbox.publish(this.presence.topic, status, true)) this.presence.markAnnounced(status);
  }

  private commandTarget(): CommandTarget {
    return {
      instanceId: this.instanceId,
      setVehicleState: (state) => this.setVehicleState(state),
      shutdown: (reason) => void this.stop(reason),
      refuse: (reason) => void this.refuse(reason, true),
      respond: (result) => this.outbox.publish(CarTopics.commandResponse(this.id), result),
    };
  }

  private setVehicleState(state: VehicleState): void {
    if (this.vehicle.setState(state)) {
      this.deps.logger.info('vehicle state changed', { state });
      this.saver.schedule();
    }
    this.telemetry.publishNow();
  }

  private reportLoad(): void {
    const load = this.deps.loadProbe.sample();
    this.cluster.setAgentLoad(load);
    this.outbox.publishSample(CarTopics.load(this.id), load);
  }

  private report(): WorkloadStatesReport {
    return {
      agent: this.id,
      workloadStates: this.cluster.workloadStates(),
      version: this.cluster.version(),
      health: this.cluster.health(),
      at: this.deps.clock.now().toISOString(),
    };
  }

  private persistable() {
    return { desiredState: this.cluster.snapshot(), vehicle: this.vehicle.snapshot() };
  }

  private subscribe(topics: string[]): Promise<boolean> {
    return this.transport ? this.transport.subscribe(topics) : Promise.resolve(false);
  }

  private stopReporters(): void {
    this.telemetry.stop();
    this.workloads.stop();
    this.load.stop();
    this.logs.stop();
  }

  private async endTransport(): Promise<void> {
    try {
      await this.transport?.end();
    } catch (error) {
      this.deps.logger.warn('disconnecting failed', { error: describeError(error) });
    }
  }

  private forceExitAfterBudget(code: number): void {
    const timer = this.deps.clock.setTimeout(() => {
      const { process } = this.deps;
      if (process.exitOverdue) return process.exitOverdue(code);
      this.deps.logger.warn('stop took too long; exiting anyway');
      process.exit(code);
    }, STOP_BUDGET_MS);
    timer.unref?.();
  }

  private bootOrStopCluster() {
    try {
      return bootState({ ...this.deps, ...this.deps.config, agentName: this.id, cluster: this.cluster });
    } catch (error) {
      this.cluster.stop();
      throw error;
    }
  }
}
