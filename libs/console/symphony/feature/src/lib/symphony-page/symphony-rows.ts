import {
  AnkaiosComponentProperties,
  MqttTargetProviderConfigKeys,
  type SymphonyInstance,
  type SymphonySolution,
  type SymphonySolutionVersion,
  type SymphonyTarget,
} from '@fleet/shared/contracts';
import type { ObjectColumn, ObjectRow } from '../object-table/object-table';

const list = (values: readonly (string | undefined)[]) => values.filter((v): v is string => !!v).join(', ') || '—';

/** `image: registry/app:1.2.4` -> `registry/app:1.2.4`. */
export function imageOf(runtimeConfig: unknown): string | undefined {
  if (typeof runtimeConfig !== 'string') return undefined;
  return /^\s*image:\s*(\S+)/m.exec(runtimeConfig)?.[1];
}

export const SOLUTION_COLUMNS: ObjectColumn[] = [
  { key: 'versions', label: 'Versions' },
  { key: 'labels', label: 'Labels' },
];

export function solutionRows(solutions: readonly SymphonySolution[], versions: readonly SymphonySolutionVersion[]): ObjectRow[] {
  return solutions.map((s) => ({
    name: s.metadata.name,
    cells: {
      versions: list(versions.filter((v) => v.spec.rootResource === s.metadata.name).map((v) => v.spec.version)),
      labels: list(Object.entries(s.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)),
    },
  }));
}

export const VERSION_COLUMNS: ObjectColumn[] = [
  { key: 'reference', label: 'Reference', mono: true },
  { key: 'displayName', label: 'Display name' },
  { key: 'components', label: 'Components' },
  { key: 'images', label: 'Images', mono: true },
];

export function versionRows(versions: readonly SymphonySolutionVersion[]): ObjectRow[] {
  return versions.map((v) => {
    const components = v.spec.components ?? [];
    return {
      name: v.metadata.name,
      cells: {
        reference: v.spec.rootResource && v.spec.version ? `${v.spec.rootResource}:${v.spec.version}` : '—',
        displayName: v.spec.displayName ?? '—',
        components: list(components.map((c) => c.name)),
        images: list(components.map((c) => imageOf(c.properties?.[AnkaiosComponentProperties.runtimeConfig]))),
      },
    };
  });
}

export const TARGET_COLUMNS: ObjectColumn[] = [
  { key: 'properties', label: 'Properties' },
  { key: 'provider', label: 'Provider', mono: true },
  { key: 'topics', label: 'Request / response topic', mono: true },
];

export function targetRows(targets: readonly SymphonyTarget[]): ObjectRow[] {
  return targets.map((t) => {
    const bindings = (t.spec.topologies ?? []).flatMap((topology) => topology.bindings ?? []);
    return {
      name: t.metadata.name,
      cells: {
        properties: list(Object.entries(t.spec.properties ?? {}).map(([k, v]) => `${k}=${v}`)),
        provider: list(bindings.map((b) => `${b.role} → ${b.provider}`)),
        topics: list(
          bindings.map((b) =>
            b.config?.[MqttTargetProviderConfigKeys.requestTopic]
              ? `${b.config[MqttTargetProviderConfigKeys.requestTopic]} / ${b.config[MqttTargetProviderConfigKeys.responseTopic] ?? '—'}`
              : undefined,
          ),
        ),
      },
    };
  });
}

export const INSTANCE_COLUMNS: ObjectColumn[] = [
  { key: 'solution', label: 'Solution version', mono: true },
  { key: 'target', label: 'Target' },
  { key: 'generation', label: 'Generation' },
];

export function instanceRows(instances: readonly SymphonyInstance[]): ObjectRow[] {
  return instances.map((i) => ({
    name: i.metadata.name,
    cells: {
      solution: i.spec.solution,
      target: i.spec.target.name ?? list(Object.entries(i.spec.target.selector ?? {}).map(([k, v]) => `${k}=${v}`)),
      generation: i.metadata.objGeneraion === undefined ? '—' : String(i.metadata.objGeneraion),
    },
  }));
}
