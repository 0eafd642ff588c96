import {
  AnkaiosComponentProperties,
  FLEET_SOLUTION,
  FleetVersionAnnotations,
  parseCompatibleModels,
} from '@fleet/shared/contracts';
import type {
  ComponentSpec,
  FleetVersion,
  FleetVersionComponent,
  SymphonySolutionVersion,
} from '@fleet/shared/contracts';
import { imageOf } from '@fleet/shared/ankaios/util';
import { versionReference } from '@fleet/shared/symphony/util';

/** A SolutionVersion of the fleet Solution as the update store shows it. */
export function toFleetVersion(object: SymphonySolutionVersion): FleetVersion {
  const annotations = object.metadata.annotations ?? {};
  const version = object.spec.version ?? '';
  const components = object.spec.components ?? [];
  return {
    version,
    name: object.metadata.name,
    reference: versionReference(
      object.spec.rootResource ?? FLEET_SOLUTION,
      version,
    ),
    displayName: object.spec.displayName ?? object.metadata.name,
    releaseNotes: annotations[FleetVersionAnnotations.releaseNotes] ?? '',
    createdAt: annotations[FleetVersionAnnotations.createdAt] ?? null,
    compatibleModels: parseCompatibleModels(
      annotations[FleetVersionAnnotations.compatibleModels],
    ),
    components: components.map(componentView),
    spec: components,
  };
}

function componentView(component: ComponentSpec): FleetVersionComponent {
  const runtime = stringProperty(component, AnkaiosComponentProperties.runtime);
  const runtimeConfig = stringProperty(
    component,
    AnkaiosComponentProperties.runtimeConfig,
  );
  return {
    name: component.name,
    runtime,
    image: imageOf(runtime, runtimeConfig),
    dependencies: component.dependencies ?? [],
  };
}

function stringProperty(component: ComponentSpec, key: string): string {
  const value = component.properties?.[key];
  return typeof value === 'string' ? value : '';
}

/** Newest first: by creation time, then by version with numeric parts compared as numbers. */
export function compareNewestFirst(a: FleetVersion, b: FleetVersion): number {
  const byTime = (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
  return byTime !== 0
    ? byTime
    : b.version.localeCompare(a.version, 'en', { numeric: true });
}
