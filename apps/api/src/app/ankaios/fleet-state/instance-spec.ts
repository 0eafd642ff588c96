import type { WorkloadSpec } from '@fleet/shared/contracts';
import { imageOf, tagOf } from '@fleet/shared/ankaios/util';

/** What a workload view shows about one instance, from its rendered workload. */
export interface InstanceSpec {
  runtime: string;
  image: string | null;
  version: string | null;
  restartPolicy: string;
  dependencies: Record<string, string>;
}

export function instanceSpecOf(spec: WorkloadSpec): InstanceSpec {
  const image = imageOf(spec.runtime, spec.runtimeConfig);
  return {
    runtime: spec.runtime,
    image,
    version: tagOf(image),
    restartPolicy: spec.restartPolicy ?? 'NEVER',
    dependencies: { ...(spec.dependencies ?? {}) },
  };
}

export const UNKNOWN_SPEC: InstanceSpec = {
  runtime: '',
  image: null,
  version: null,
  restartPolicy: 'NEVER',
  dependencies: {},
};
