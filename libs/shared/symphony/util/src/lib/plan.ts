// What a target must do to go from the components it reports (GET) to the desired ones.
import type { ComponentSpec } from '@fleet/shared/contracts';
import { deepEqual } from '@fleet/shared/ankaios/util';
import { ankaiosSettings, isAnkaiosComponent } from './ankaios-properties';

export type PlanAction = 'update' | 'delete';
export type PlanReason = 'new' | 'changed' | 'removed';

export interface PlanStep {
  action: PlanAction;
  reason: PlanReason;
  /** The desired component for updates, the current one for deletes. */
  component: ComponentSpec;
}

export interface DeploymentPlan {
  /** Updates in desired order, then deletes in current order. */
  steps: PlanStep[];
  /** Desired components the target already runs as specified. */
  unchanged: string[];
}

/**
 * Components are equal when the target would run them the same way. For `ankaios-workload` that is agent
 * (absent = `agentName`), runtime, restart policy (absent = NEVER), runtimeConfig and the dependency set;
 * metadata and tags do not matter. Other types compare type and properties as Symphony does.
 */
export function componentsEquivalent(a: ComponentSpec, b: ComponentSpec, agentName: string): boolean {
  if (a.name !== b.name || (a.type ?? '') !== (b.type ?? '')) return false;
  if (isAnkaiosComponent(a)) return deepEqual(ankaiosSettings(a, agentName), ankaiosSettings(b, agentName));
  return deepEqual(a.properties ?? {}, b.properties ?? {});
}

/** Full reconcile: update new and changed components, delete current ones no longer desired. */
export function planDeployment(
  desired: readonly ComponentSpec[],
  current: readonly ComponentSpec[],
  agentName: string,
): DeploymentPlan {
  const currentByName = new Map(current.map((c) => [c.name, c]));
  const desiredNames = new Set(desired.map((c) => c.name));
  const steps: PlanStep[] = [];
  const unchanged: string[] = [];
  for (const component of desired) {
    const existing = currentByName.get(component.name);
    if (!existing) steps.push({ action: 'update', reason: 'new', component });
    else if (!componentsEquivalent(component, existing, agentName)) steps.push({ action: 'update', reason: 'changed', component });
    else unchanged.push(component.name);
  }
  for (const component of current)
    if (!desiredNames.has(component.name)) steps.push({ action: 'delete', reason: 'removed', component });
  return { steps, unchanged };
}

/** Removal: delete every desired component the target currently has. */
export function planRemoval(desired: readonly ComponentSpec[], current: readonly ComponentSpec[]): DeploymentPlan {
  const currentByName = new Map(current.map((c) => [c.name, c]));
  const steps: PlanStep[] = [];
  for (const component of desired) {
    const existing = currentByName.get(component.name);
    if (existing) steps.push({ action: 'delete', reason: 'removed', component: existing });
  }
  return { steps, unchanged: [] };
}
