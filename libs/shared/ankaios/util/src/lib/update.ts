// One UpdateStateRequest as the Ankaios server handles it (server_state.rs): check the incoming state's API
// version, apply the update mask, render the workloads over their configs, check names, reject dependency
// cycles, and compare the rendered workloads with the current ones. A changed workload is deleted (old
// instance) and added (new instance); the instance id comes from the rendered runtimeConfig.
import type { DesiredState, WorkloadSpec } from '@fleet/shared/contracts';
import { validateApiVersion } from './api-version';
import { findDependencyCycle } from './cycles';
import { toDesiredState } from './desired-state';
import { applyUpdateMask } from './masks';
import { agentNameError, workloadNameError } from './names';
import { normalizeDesiredState } from './normalize';
import { deepEqual, isPlainObject, type PlainObject } from './object-path';
import { fail, ok, type Result } from './result';
import { renderWorkload } from './templates';

export interface RenderedWorkload {
  name: string;
  /** Hash of the rendered runtimeConfig. */
  instanceId: string;
  /** Templated fields rendered, `configs` consumed. */
  spec: WorkloadSpec;
}

export type RenderedWorkloads = Record<string, RenderedWorkload>;

/** sha256 hex of the rendered runtimeConfig in the car agent; any stable hash where only validity matters. */
export type InstanceIdFn = (renderedRuntimeConfig: string) => string;

export interface UpdatePlan {
  desiredState: DesiredState;
  rendered: RenderedWorkloads;
  added: RenderedWorkload[];
  deleted: RenderedWorkload[];
}

const invalid = (reason: string) => `Resulting State is invalid, reason: '${reason}'`;

export function renderDesiredState(state: DesiredState, instanceId: InstanceIdFn): Result<RenderedWorkloads> {
  const rendered: RenderedWorkloads = {};
  for (const name of Object.keys(state.workloads).sort()) {
    const spec = renderWorkload(state.workloads[name], state.configs);
    if (!spec.ok) return fail(invalid(spec.error));
    const nameError = workloadNameError(name) ?? agentNameError(spec.value.agent);
    if (nameError) return fail(invalid(nameError));
    rendered[name] = { name, instanceId: instanceId(spec.value.runtimeConfig), spec: spec.value };
  }
  return ok(rendered);
}

export function diffRendered(current: RenderedWorkloads, next: RenderedWorkloads): Pick<UpdatePlan, 'added' | 'deleted'> {
  const added: RenderedWorkload[] = [];
  const deleted: RenderedWorkload[] = [];
  for (const [name, old] of Object.entries(current)) {
    const now = next[name];
    if (!now) deleted.push(old);
    else if (now.instanceId !== old.instanceId || !deepEqual(now.spec, old.spec)) {
      deleted.push(old);
      added.push(now);
    }
  }
  for (const [name, now] of Object.entries(next)) if (!current[name]) added.push(now);
  return { added, deleted };
}

export interface UpdateInput {
  current: DesiredState;
  currentRendered: RenderedWorkloads;
  /** The request's `newState` (a CompleteState, possibly partial). */
  newState: unknown;
  updateMask: readonly string[];
  instanceId: InstanceIdFn;
}

export function planUpdate(input: UpdateInput): Result<UpdatePlan> {
  if (!isPlainObject(input.newState)) return fail('The new state must be a mapping');
  const normalized = normalizeDesiredState(input.newState['desiredState']);
  if (!normalized.ok) return normalized;
  const version = validateApiVersion(normalized.value['apiVersion']);
  const warnings = [...version.warnings, ...normalized.warnings];
  if (!version.ok) return fail(version.error, warnings);
  const merged = applyUpdateMask(
    { desiredState: input.current as unknown as PlainObject },
    { ...input.newState, desiredState: normalized.value },
    input.updateMask,
  );
  if (!merged.ok) return fail(merged.error, warnings);
  const desired = toDesiredState(isPlainObject(merged.value['desiredState']) ? merged.value['desiredState'] : {});
  if (!desired.ok) return fail(desired.error, warnings);
  const rendered = renderDesiredState(desired.value, input.instanceId);
  if (!rendered.ok) return fail(rendered.error, warnings);
  const cycle = findDependencyCycle(desired.value.workloads);
  if (cycle) return fail(`workload dependency '${cycle}' is part of a cycle.`, warnings);
  const diff = diffRendered(input.currentRendered, rendered.value);
  return ok({ desiredState: desired.value, rendered: rendered.value, ...diff }, warnings);
}
