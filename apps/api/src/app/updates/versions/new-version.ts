import { BadRequestException } from '@nestjs/common';
import {
  AnkaiosComponentProperties,
  FLEET_SOLUTION,
  FleetVersionAnnotations,
} from '@fleet/shared/contracts';
import type {
  ComponentSpec,
  CreateVersionDto,
  SymphonySolutionVersion,
} from '@fleet/shared/contracts';
import { imageOf, tagOf } from '@fleet/shared/ankaios/util';
import { versionedObjectName } from '@fleet/shared/symphony/util';

/** The SolutionVersion `fleet-v-<version>` a create request describes; `base` supplies retagged components. */
export function newFleetVersion(
  dto: CreateVersionDto,
  base: SymphonySolutionVersion | null,
  now: string,
): SymphonySolutionVersion {
  const components = componentsFor(dto, base);
  return {
    metadata: {
      name: versionedObjectName(FLEET_SOLUTION, dto.version),
      labels: { rootResource: FLEET_SOLUTION, version: dto.version },
      annotations: {
        [FleetVersionAnnotations.releaseNotes]: dto.releaseNotes ?? '',
        [FleetVersionAnnotations.compatibleModels]:
          dto.compatibleModels.join(','),
        [FleetVersionAnnotations.createdAt]: now,
      },
    },
    spec: {
      rootResource: FLEET_SOLUTION,
      version: dto.version,
      displayName: dto.displayName ?? `Fleet software ${dto.version}`,
      components,
    },
  };
}

function componentsFor(
  dto: CreateVersionDto,
  base: SymphonySolutionVersion | null,
): ComponentSpec[] {
  if (dto.components && dto.imageTag)
    throw new BadRequestException(
      'give either components or imageTag, not both',
    );
  if (dto.components) return dto.components;
  if (!dto.imageTag)
    throw new BadRequestException(
      'give components, or imageTag to reuse the components of baseVersion',
    );
  if (!base)
    throw new BadRequestException(
      'no base version to take the components from',
    );
  return (base.spec.components ?? []).map((c) =>
    retagged(c, dto.imageTag as string),
  );
}

/** The component with the image in its runtimeConfig moved to `tag`; the rest of the YAML text is kept. */
export function retagged(component: ComponentSpec, tag: string): ComponentSpec {
  const key = AnkaiosComponentProperties.runtimeConfig;
  const config = component.properties?.[key];
  const runtime = component.properties?.[AnkaiosComponentProperties.runtime];
  if (typeof config !== 'string' || typeof runtime !== 'string')
    return component;
  const image = imageOf(runtime, config);
  if (!image) return component;
  const oldTag = tagOf(image);
  const repository = oldTag
    ? image.slice(0, image.length - oldTag.length - 1)
    : image;
  const next = `${repository}:${tag}`;
  return {
    ...component,
    properties: {
      ...component.properties,
      [key]: config.split(image).join(next),
    },
  };
}
