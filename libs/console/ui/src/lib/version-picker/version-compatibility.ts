import { isModelCompatible, type FleetVersion } from '@fleet/shared/contracts';

/** The models among `models` that cannot run `version` (the API answers 422 for them). */
export function incompatibleModels(version: FleetVersion, models: readonly string[]): string[] {
  return [...new Set(models)].filter((model) => !isModelCompatible(model, version.compatibleModels)).sort();
}
