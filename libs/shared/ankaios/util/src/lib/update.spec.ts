import type { DesiredState, WorkloadSpec } from '@fleet/shared/contracts';
import { planUpdate, renderDesiredState, type InstanceIdFn } from './update';

const id: InstanceIdFn = (config) => `id(${config})`;

const spec = (image: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  agent: 'car-1',
  runtime: 'podman',
  restartPolicy: 'NEVER',
  dependencies: {},
  tags: {},
  runtimeConfig: `image: ${image}`,
  configs: {},
  ...extra,
});

const state = (workloads: Record<string, WorkloadSpec>, configs: DesiredState['configs'] = {}): DesiredState => ({
  apiVersion: 'v1',
  workloads,
  configs,
});

function plan(current: DesiredState, newState: unknown, updateMask: string[]) {
  const rendered = renderDesiredState(current, id);
  if (!rendered.ok) throw new Error(rendered.error);
  return planUpdate({ current, currentRendered: rendered.value, newState, updateMask, instanceId: id });
}

const names = (list: { name: string; instanceId: string }[]) => list.map((w) => `${w.name}@${w.instanceId}`);

describe(planUpdate.name, () => {
  const current = state({ app: spec('reg/app:1.0'), db: spec('reg/db:5') });

  it('deletes the old instance and adds the new one when the image changes', () => {
    const result = plan(current, { desiredState: state({ app: spec('reg/app:1.1') }) }, ['desiredState.workloads.app']);
    expect(result.ok && names(result.value.deleted)).toEqual(['app@id(image: reg/app:1.0)']);
    expect(result.ok && names(result.value.added)).toEqual(['app@id(image: reg/app:1.1)']);
    expect(result.ok && Object.keys(result.value.desiredState.workloads)).toEqual(['app', 'db']);
  });

  it('keeps the instance id but still replaces the instance when only the restart policy changes', () => {
    const next = state({ app: spec('reg/app:1.0', { restartPolicy: 'ALWAYS' }) });
    const result = plan(current, { desiredState: next }, ['desiredState.workloads.app']);
    expect(result.ok && names(result.value.added)).toEqual(names(result.ok ? result.value.deleted : []));
  });

  it('changes nothing for an identical workload', () => {
    const result = plan(current, { desiredState: state({ app: spec('reg/app:1.0') }) }, ['desiredState.workloads.app']);
    expect(result.ok && [result.value.added, result.value.deleted]).toEqual([[], []]);
  });

  it('replaces the whole desired state with an empty mask', () => {
    const result = plan(current, { desiredState: state({ other: spec('reg/o:1') }) }, []);
    expect(result.ok && names(result.value.deleted).sort()).toEqual(['app@id(image: reg/app:1.0)', 'db@id(image: reg/db:5)']);
    expect(result.ok && Object.keys(result.value.desiredState.workloads)).toEqual(['other']);
  });

  it('deletes a workload whose mask path is absent from the new state', () => {
    const result = plan(current, { desiredState: { apiVersion: 'v1' } }, ['desiredState.workloads.db']);
    expect(result.ok && names(result.value.deleted)).toEqual(['db@id(image: reg/db:5)']);
    expect(result.ok && Object.keys(result.value.desiredState.workloads)).toEqual(['app']);
  });

  it('re-renders and replaces the workloads that use a changed config', () => {
    const templated = state({ app: spec('reg/app:{{c.tag}}', { configs: { c: 'v' } }) }, { v: { tag: '1' } });
    const result = plan(templated, { desiredState: { apiVersion: 'v1', configs: { v: { tag: '2' } } } }, ['desiredState.configs.v']);
    expect(result.ok && names(result.value.added)).toEqual(['app@id(image: reg/app:2)']);
  });

  it('rejects deleting a config that a workload still uses', () => {
    const templated = state({ app: spec('reg/app:{{c.tag}}', { configs: { c: 'v' } }) }, { v: { tag: '1' } });
    const result = plan(templated, { desiredState: { apiVersion: 'v1' } }, ['desiredState.configs.v']);
    expect(!result.ok && result.error).toContain("config key 'v' that does not exist");
  });

  it('checks the incoming API version even for a masked update', () => {
    const result = plan(current, { desiredState: { workloads: {} } }, ['desiredState.workloads.db']);
    expect(!result.ok && result.error).toBe("Unsupported API version. Received '', expected 'v1'");
  });

  it('rejects a mask through a missing parent', () => {
    const result = plan(current, { desiredState: { apiVersion: 'v1' } }, ['desiredState.nothing.at.all']);
    expect(!result.ok && result.error).toBe('Could not find field desiredState.nothing.at.all');
  });
});
