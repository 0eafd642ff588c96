import type { SymphonySolutionVersion } from '@fleet/shared/contracts';
import { SolutionsService } from './solutions.service';
import { SymphonyKinds } from './symphony-kinds';
import { rejection } from '../../testing/symphony/rejection';
import {
  fleetVersion,
  instance,
} from '../../testing/symphony/symphony-factories';
import { symphonyHarness } from '../../testing/symphony/symphony-harness';

async function setup() {
  const h = symphonyHarness();
  await h.seed('c1');
  return h;
}

describe(SolutionsService.name, () => {
  it('creates a version whose name, container and components Symphony accepts', async () => {
    const { solutions } = await setup();

    const created = await solutions.createVersion(fleetVersion('1.4.0'));

    expect(created.metadata).toMatchObject({
      name: 'fleet-v-1.4.0',
      objGeneraion: 1,
    });
    expect(
      (await solutions.listVersions('fleet')).map((v) => v.spec.version).sort(),
    ).toEqual(['1.2.3', '1.2.4', '1.3.0', '1.4.0']);
  });

  it('refuses a duplicate version with 409', async () => {
    const { solutions } = await setup();

    await expect(
      solutions.createVersion(fleetVersion('1.2.4')),
    ).rejects.toMatchObject({ status: 409 });
  });

  const variant = (
    name: string,
    spec: Partial<SymphonySolutionVersion['spec']>,
  ): SymphonySolutionVersion => {
    const base = fleetVersion('1.5.0');
    return {
      metadata: { ...base.metadata, name },
      spec: { ...base.spec, ...spec },
    };
  };

  it.each([
    [
      'a name not of the form <root>-v-<version>',
      variant('fleet-1.5.0', {}),
      'metadata.name',
    ],
    [
      'a missing container',
      variant('ghost-v-1.5.0', { rootResource: 'ghost' }),
      'rootResource must be a valid container',
    ],
    [
      'a version that differs from the name',
      variant('fleet-v-1.5.0', { version: '1.5.1' }),
      'spec.version',
    ],
    [
      'a component without a runtime',
      variant('fleet-v-1.5.0', {
        components: [
          {
            name: 'x',
            type: 'ankaios-workload',
            properties: { 'ankaios.runtimeConfig': 'image: a:1' },
          },
        ],
      }),
      'ankaios.runtime',
    ],
  ])(
    'refuses %s with 400 and Symphony’s message',
    async (_what, version, message) => {
      const { solutions } = await setup();

      const error = await rejection(solutions.upsertVersion(version));

      expect(error.status).toBe(400);
      expect(error.text).toContain(message);
    },
  );

  it('takes rootResource and version from the name when a POST leaves them out', async () => {
    const { solutions } = await setup();
    const { metadata, spec } = fleetVersion('1.6.0');

    const stored = await solutions.upsertVersion({
      metadata,
      spec: { components: spec.components },
    });

    expect(stored.spec).toMatchObject({
      rootResource: 'fleet',
      version: '1.6.0',
    });
  });

  it('refuses to delete a version an Instance uses (409), and deletes it once unused', async () => {
    const { solutions, store } = await setup();
    await store.put(
      SymphonyKinds.instance,
      instance('fleet-car-c1', 'fleet:1.2.4', 'car-c1'),
    );

    const error = await rejection(solutions.deleteVersion('fleet-v-1.2.4'));
    expect(error.status).toBe(409);
    expect(error.text).toContain('Deletion is not allowed');

    await store.delete(SymphonyKinds.instance, 'fleet-car-c1');
    await solutions.deleteVersion('fleet-v-1.2.4');
    expect(await solutions.findVersion('fleet-v-1.2.4')).toBeNull();
  });

  it('refuses to delete a container that still has versions, and answers 404 for unknown ones', async () => {
    const { solutions } = await setup();

    await expect(solutions.deleteSolution('fleet')).rejects.toMatchObject({
      status: 409,
    });
    await expect(solutions.deleteSolution('ghost')).rejects.toMatchObject({
      status: 404,
    });
    await expect(solutions.getVersion('fleet-v-9.9.9')).rejects.toMatchObject({
      status: 404,
    });
  });
});
