import type { ComponentSpec } from '../symphony/component';

/** The Symphony Solution every car runs; its versions are `fleet-v-<version>`, referenced `fleet:<version>`. */
export const FLEET_SOLUTION = 'fleet';

/** Annotations of a fleet SolutionVersion that carry the update store's metadata. */
export const FleetVersionAnnotations = {
  releaseNotes: 'fleet.ota/release-notes',
  /** Comma-separated car models or body types (`sedan,suv`); empty or absent means every model. */
  compatibleModels: 'fleet.ota/compatible-models',
  createdAt: 'fleet.ota/created-at',
} as const;

/** One component of a fleet version as the update store shows it. */
export interface FleetVersionComponent {
  name: string;
  runtime: string;
  /** The image reference from the runtimeConfig, null when it names none. */
  image: string | null;
  dependencies: string[];
}

/** `GET /api/versions`: one SolutionVersion of the fleet Solution with its metadata. */
export interface FleetVersion {
  version: string;
  /** The SolutionVersion object name, `fleet-v-<version>`. */
  name: string;
  /** The reference an Instance uses, `fleet:<version>`. */
  reference: string;
  displayName: string;
  releaseNotes: string;
  /** ISO-8601; from the `fleet.ota/created-at` annotation. */
  createdAt: string | null;
  compatibleModels: string[];
  components: FleetVersionComponent[];
  /** The full Symphony components, as a car receives them. */
  spec: ComponentSpec[];
}

/** The per-car Instance that binds the car's Target to a fleet SolutionVersion. */
export function fleetInstanceName(carId: string): string {
  return `fleet-car-${carId}`;
}

/**
 * Whether a car model may run a version. An entry matches the model itself or its body type, the last
 * `-` part of the model name (`sedan` matches `atlas-sedan`); `*` matches every model.
 */
export function isModelCompatible(
  model: string,
  compatibleModels: readonly string[],
): boolean {
  if (compatibleModels.length === 0 || compatibleModels.includes('*'))
    return true;
  const bodyType = model.split('-').pop() ?? model;
  return (
    compatibleModels.includes(model) || compatibleModels.includes(bodyType)
  );
}

/** `sedan, suv` -> `['sedan', 'suv']`. */
export function parseCompatibleModels(
  annotation: string | undefined,
): string[] {
  return (annotation ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
}
