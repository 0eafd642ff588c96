import { BadRequestException } from '@nestjs/common';
import type { ObjectMeta } from '@fleet/shared/contracts';
import type { SymphonyObject } from './symphony-store';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A POSTed Symphony object `{metadata?, spec}` for the object named in the path. As Symphony does, a
 * missing `metadata.name` is taken from the path; a different one is refused here.
 */
export function objectFromBody<T extends SymphonyObject>(
  name: string,
  body: unknown,
): T {
  if (!isRecord(body))
    throw new BadRequestException(
      'body must be a JSON object {metadata, spec}',
    );
  const metadata = body['metadata'] ?? {};
  if (!isRecord(metadata))
    throw new BadRequestException('metadata must be an object');
  if (metadata['name'] !== undefined && metadata['name'] !== name)
    throw new BadRequestException(
      `metadata.name ${JSON.stringify(metadata['name'])} differs from the name in the path (${name})`,
    );
  const spec = body['spec'] ?? {};
  if (!isRecord(spec)) throw new BadRequestException('spec must be an object');
  for (const key of ['labels', 'annotations'] as const)
    if (metadata[key] !== undefined && !isStringMap(metadata[key]))
      throw new BadRequestException(
        `metadata.${key} must map strings to strings`,
      );
  const meta: ObjectMeta = {
    ...(metadata as unknown as ObjectMeta),
    name,
  };
  // Generation and etag belong to the store.
  delete meta.objGeneraion;
  delete meta.etag;
  // Status belongs to the control plane (reconcile progress); a POST never sets it.
  const rest = { ...body };
  delete rest['status'];
  return { ...rest, metadata: meta, spec } as unknown as T;
}

function isStringMap(v: unknown): boolean {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
}
