import { rejection } from '../../../testing/symphony/rejection';
import { component } from '../../../testing/symphony/symphony-factories';
import { updatesHarness } from '../../../testing/updates/updates-harness';
import { VersionsService } from './versions.service';

async function setup() {
  const h = updatesHarness();
  await h.seed();
  return h;
}

describe(VersionsService.name, () => {
  it('lists the fleet’s versions newest first with notes, models and images', async () => {
    const { versions } = await setup();

    const list = await versions.list();

    expect(list.map((v) => v.version)).toEqual(['1.3.0', '1.2.4', '1.2.3']);
    expect(list[0]).toMatchObject({
      name: 'fleet-v-1.3.0',
      reference: 'fleet:1.3.0',
      releaseNotes: 'notes of 1.3.0',
      createdAt: '2026-11-20T00:00:00Z',
      compatibleModels: ['sedan', 'suv'],
    });
    expect(list[0].components[0]).toEqual({
      name: 'telematics',
      runtime: 'podman',
      image: 'ghcr.io/fleet-ota/telematics:1.3.0',
      dependencies: [],
    });
  });

  it('creates a version with the same components under a new image tag', async () => {
    const { versions, clock } = await setup();

    const created = await versions.create({
      version: '1.3.1',
      releaseNotes: 'fix',
      compatibleModels: ['sedan'],
      imageTag: '1.3.1',
    });

    expect(created).toMatchObject({
      version: '1.3.1',
      releaseNotes: 'fix',
      compatibleModels: ['sedan'],
      createdAt: clock.nowIso(),
    });
    expect(created.components.map((c) => c.image)).toEqual([
      'ghcr.io/fleet-ota/telematics:1.3.1',
      'ghcr.io/fleet-ota/infotainment:1.3.1',
      'ghcr.io/fleet-ota/adas:1.3.1',
    ]);
    expect((await versions.get('1.3.1')).name).toBe('fleet-v-1.3.1');
  });

  it('creates a version from given components', async () => {
    const { versions } = await setup();

    const created = await versions.create({
      version: '2.0.0',
      compatibleModels: [],
      components: [component('telematics', '2.0.0')],
    });

    expect(created.components).toHaveLength(1);
    expect(created.compatibleModels).toEqual([]);
  });

  it('answers 409 for a duplicate, 400 for invalid components or a missing source, 404 for an unknown base', async () => {
    const { versions } = await setup();

    expect(
      (
        await rejection(
          versions.create({
            version: '1.2.4',
            compatibleModels: [],
            imageTag: '1.2.4',
          }),
        )
      ).status,
    ).toBe(409);
    const invalid = await rejection(
      versions.create({
        version: '2.0.1',
        compatibleModels: [],
        components: [
          { name: 'bad name!', type: 'ankaios-workload', properties: {} },
        ],
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('spec.components');
    expect(
      (
        await rejection(
          versions.create({ version: '2.0.2', compatibleModels: [] }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await rejection(
          versions.create({
            version: '2.0.3',
            compatibleModels: [],
            imageTag: '2.0.3',
            baseVersion: '0.0.1',
          }),
        )
      ).status,
    ).toBe(404);
    expect((await rejection(versions.get('0.0.1'))).status).toBe(404);
  });
});
