// A simulated Eclipse Ankaios cluster (server + this car's agent) inside the car-agent process. Workloads of
// other agents are never connected to this car's server, so they stay Pending(Initial) as the server shows
// workloads whose agent has not picked them up (server workload_states_map.rs `initial_state`); workloads with
// an empty agent are NotScheduled. Deleting either removes its state at once, as nothing runs it.
import type {
  AgentAttributes,
  CompleteState,
  DesiredState,
  ExecutionState,
  FaultRule,
  LogLevel,
  ManifestResponse,
  SdkCompleteState,
  WorkloadHealth,
} from '@fleet/shared/contracts';
import {
  ExecutionStates,
  disconnectedView,
  filterByMasks,
  manifestUpdate,
  planUpdate,
  toSdkCompleteState,
  transition,
  type RenderedWorkload,
  type RenderedWorkloads,
} from '@fleet/shared/ankaios/util';
import { instanceIdOf } from './instance-id';
import { ChangeBatch } from './change-batch';
import { agentHealth, agentVersion, maskedCompleteState } from './cluster-queries';
import type { Instance } from './instance';
import { CLUSTER_LOG_SOURCE, type SimulatedClusterOptions } from './options';
import { reconcilePass } from './reconcile';
import { realScheduler } from './scheduler';
import { ReentrantLoop } from './reentrant-loop';
import { agentWorkloadStates, buildCompleteState, sdkInstanceName } from './state-views';
import { BASE_TIMING, DEFAULT_RETRY, Timing } from './timing';
import { WorkloadRunner } from './workload-runner';

const emptyDesiredState = (): DesiredState => ({ apiVersion: 'v1', workloads: {}, configs: {} });
const failure = (error: string): ManifestResponse => ({ added_workloads: [], deleted_workloads: [], error });

export class SimulatedCluster {
  private readonly agentName: string;
  private readonly random: () => number;
  private readonly timing: Timing;
  private readonly region: string | undefined;
  private desired: DesiredState = emptyDesiredState();
  private rendered: RenderedWorkloads = {};
  private versionOf: { rendered: RenderedWorkloads; version: string | null } | null = null;
  private instances: Instance[] = [];
  private faultRules: FaultRule[] = [];
  private agent: AgentAttributes;
  private readonly changes: ChangeBatch;
  private readonly reconciling = new ReentrantLoop();

  constructor(private readonly options: SimulatedClusterOptions) {
    this.agentName = options.agentName;
    this.changes = new ChangeBatch(options.scheduler ?? realScheduler, (error) =>
      this.log(CLUSTER_LOG_SOURCE, 'error', `change listener failed: ${String(error)}`),
    );
    this.random = options.random ?? Math.random;
    this.region = options.region ?? options.tags['region'];
    const speed = options.speed && options.speed > 0 ? options.speed : 1;
    this.timing = new Timing(speed, this.random, { ...DEFAULT_RETRY, ...options.retry });
    this.agent = { status: { cpuUsage: 0, freeMemory: 0 }, tags: { ...options.tags } };
  }

  /** `ank apply` / the SDK's apply_manifest: adds or replaces exactly the workloads and configs it names. */
  applyManifest(manifest: string): ManifestResponse {
    return this.fromManifest(manifest, 'apply');
  }

  /** The SDK's delete_manifest: removes exactly the workloads and configs the manifest names. */
  deleteManifest(manifest: string): ManifestResponse {
    return this.fromManifest(manifest, 'delete');
  }

  /** Ankaios' UpdateStateRequest; never throws. */
  updateState(state: Partial<CompleteState>, updateMask: string[]): ManifestResponse {
    try {
      return this.update(state, updateMask);
    } catch (error) {
      return this.rejected(`Update failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** camelCase CompleteState; sections a mask leaves out come back empty (`apiVersion: ''`). */
  getCompleteState(masks: string[] = []): CompleteState {
    return maskedCompleteState(this.fullState(), masks);
  }

  /** The SDK's snake_case answer for `vehicle/<id>/state/resp`. */
  getSdkState(masks: string[] = []): SdkCompleteState {
    return toSdkCompleteState(filterByMasks(this.fullState(), masks));
  }

  /** What the server would show while this agent is disconnected. */
  getDisconnectedState(): CompleteState {
    return disconnectedView(this.fullState(), this.agentName);
  }

  /** This agent's slice of `workloadStates`: workload -> instance id -> state. */
  workloadStates(): Record<string, Record<string, ExecutionState>> {
    return agentWorkloadStates(this.instances, this.agentName);
  }

  /**
   * The image tag this agent's workloads share, `mixed`, or null without tagged workloads. Every report asks;
   * the answer (YAML parsing of each runtimeConfig) is kept until the rendered workloads are replaced.
   */
  version(): string | null {
    if (this.versionOf?.rendered !== this.rendered)
      this.versionOf = { rendered: this.rendered, version: agentVersion(this.rendered, this.agentName) };
    return this.versionOf.version;
  }

  /** Health beyond "running" per workload of this agent (see `healthOf`). */
  health(): Record<string, WorkloadHealth> {
    return agentHealth(this.instances, this.agentName);
  }

  /** Updates `agents[agent].status`; does not fire onChange (the load changes every report). */
  setAgentLoad(load: { cpuUsage: number; freeMemory: number }): void {
    this.agent = { ...this.agent, status: { cpuUsage: load.cpuUsage, freeMemory: load.freeMemory } };
  }

  /** Rules for every start from now on. */
  setFaultRules(rules: FaultRule[]): void {
    this.faultRules = rules.map((r) => ({ ...r }));
  }

  /** Fires after changes of the desired state, workload states or health, once per operation or timer. */
  onChange(listener: () => void): () => void {
    return this.changes.subscribe(listener);
  }

  snapshot(): DesiredState {
    return structuredClone(this.desired);
  }

  /** The desired state itself: replaced on every change of it, never changed in place (callers compare identity). */
  currentDesired(): Readonly<DesiredState> {
    return this.desired;
  }

  /** After an agent restart: the desired state comes back and every workload starts again. */
  restore(state: DesiredState): void {
    this.batch(() => {
      for (const i of this.instances) i.runner?.dispose();
      this.instances = [];
      this.desired = emptyDesiredState();
      this.rendered = {};
      this.changes.markChanged();
      const result = this.update({ desiredState: state }, []);
      if (result.error) this.log(CLUSTER_LOG_SOURCE, 'error', `could not restore the saved state: ${result.error}`);
    });
  }

  /** Test and debugging hook: the runtime loses a workload (Failed(Lost)) or reports a state unknown to Ankaios. */
  simulateRuntimeEvent(workload: string, kind: 'lost' | 'unknown'): void {
    this.batch(() => this.newest(workload)?.runner?.runtimeEvent(kind));
  }

  /** Clears every timer; no callbacks, logs or state changes after this. */
  stop(): void {
    for (const i of this.instances) i.runner?.dispose();
    this.changes.stop();
  }

  private fromManifest(manifest: string, mode: 'apply' | 'delete'): ManifestResponse {
    try {
      const request = typeof manifest === 'string' ? manifestUpdate(manifest, mode) : null;
      if (!request) return this.rejected('Error parsing manifest: the manifest must be text');
      if (!request.ok) return this.rejected(request.error);
      return this.update(request.value.newState, request.value.updateMask);
    } catch (error) {
      return this.rejected(`Update failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private update(newState: unknown, updateMask: string[]): ManifestResponse {
    const plan = planUpdate({
      current: this.desired,
      currentRendered: this.rendered,
      newState,
      updateMask,
      instanceId: instanceIdOf,
    });
    for (const warning of plan.warnings) this.log(CLUSTER_LOG_SOURCE, 'warn', warning);
    if (!plan.ok) return this.rejected(plan.error);
    this.batch(() => {
      this.desired = plan.value.desiredState;
      this.rendered = plan.value.rendered;
      this.changes.markChanged();
      for (const old of plan.value.deleted) this.requestDelete(old);
      for (const added of plan.value.added) this.add(added);
      this.reconcile();
    });
    const { added, deleted } = plan.value;
    if (added.length + deleted.length > 0)
      this.log(CLUSTER_LOG_SOURCE, 'info', `state updated: ${added.length} workload(s) added, ${deleted.length} deleted`);
    return { added_workloads: added.map(sdkInstanceName), deleted_workloads: deleted.map(sdkInstanceName) };
  }

  private rejected(error: string): ManifestResponse {
    this.log(CLUSTER_LOG_SOURCE, 'error', `update rejected: ${error}`);
    return failure(error);
  }

  private add(workload: RenderedWorkload): void {
    const agent = workload.spec.agent;
    const instance: Instance = {
      workload,
      agent,
      state: agent === '' ? ExecutionStates.notScheduled() : ExecutionStates.initial(),
      dispatched: false,
      deleteRequested: false,
    };
    this.instances.push(instance);
    if (agent !== this.agentName) return;
    instance.runner = this.createRunner(instance);
    this.changes.schedule(() => {
      instance.dispatched = true;
      this.reconcile();
    }, this.timing.scale(BASE_TIMING.dispatchMs));
  }

  private requestDelete(workload: RenderedWorkload): void {
    const instance = this.instances.find(
      (i) => !i.deleteRequested && i.workload.name === workload.name && i.workload.instanceId === workload.instanceId,
    );
    if (instance) instance.deleteRequested = true;
  }

  /** Moves every instance of this agent as far as its dependencies allow (Ankaios' WorkloadScheduler). */
  private reconcile(): void {
    this.reconciling.run(() =>
      reconcilePass(() => this.instances, {
        setState: (instance, state) => this.setState(instance, state),
        remove: (instance) => this.remove(instance),
        log: (workload, level, message) => this.log(workload, level, message),
      }),
    );
  }

  private createRunner(instance: Instance): WorkloadRunner {
    const name = instance.workload.name;
    return new WorkloadRunner(instance.workload, {
      timing: this.timing,
      random: this.random,
      region: this.region,
      faultRules: () => this.faultRules,
      schedule: (callback, ms) => this.changes.schedule(callback, ms),
      cancel: (handle) => this.changes.cancel(handle),
      report: (state) => this.setState(instance, state),
      healthChanged: () => this.batch(() => this.changes.markChanged()),
      removed: () => this.remove(instance),
      log: (level, message) => this.log(name, level, message),
    });
  }

  private setState(instance: Instance, state: ExecutionState): void {
    this.batch(() => {
      instance.state = transition(instance.state, state);
      this.changes.markChanged();
      this.reconcile();
    });
  }

  private remove(instance: Instance): void {
    this.batch(() => {
      instance.runner?.dispose();
      this.instances = this.instances.filter((i) => i !== instance);
      this.changes.markChanged();
      this.reconcile();
    });
  }

  private newest(workload: string): Instance | undefined {
    return [...this.instances].reverse().find((i) => i.agent === this.agentName && i.workload.name === workload);
  }

  /** Shares live objects (see buildCompleteState): callers copy before anything leaves the cluster. */
  private fullState(): CompleteState {
    return buildCompleteState(this.desired, this.instances, this.agentName, this.agent);
  }

  private batch(fn: () => void): void {
    this.changes.run(fn);
  }

  private log(workload: string, level: LogLevel, message: string): void {
    if (this.changes.stopped || !this.options.log) return;
    try {
      this.options.log({ workload, level, message });
    } catch {
      // A failing logger must not break the simulation.
    }
  }
}
