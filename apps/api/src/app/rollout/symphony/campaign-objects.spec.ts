import { regionRollout, RolloutHarness } from '../testing/rollout-harness';
import { campaignObjects, ROLLOUT_STAGE_PROVIDER } from './campaign-objects';

describe(campaignObjects.name, () => {
  it('shows a rollout as a CampaignVersion with its stages and an Activation with its stage history', async () => {
    const h = new RolloutHarness();
    const cars = h.fleet.addMany(2, { region: 'munich' }).map((c) => c.id);
    h.fleet.addMany(1, { region: 'berlin' });
    const id = await h.create(regionRollout(['munich', 'berlin']));
    await h.reportAll(cars, 'succeeded');
    await h.advance(10);

    const { campaign, campaignVersion, activation } = campaignObjects(
      h.engine.get(id),
    );
    expect(campaign.metadata.name).toBe(`rollout-${id}`);
    expect(campaignVersion.metadata.name).toBe(`rollout-${id}-v-1`);
    expect(campaignVersion.spec).toMatchObject({
      rootResource: `rollout-${id}`,
      firstStage: 'munich',
      selfDriving: true,
    });
    expect(campaignVersion.spec.stages?.['munich']).toMatchObject({
      provider: ROLLOUT_STAGE_PROVIDER,
      stageSelector: 'berlin',
    });
    expect(activation.spec).toMatchObject({
      campaign: `rollout-${id}:1`,
      stage: 'munich',
    });
    expect(activation.status?.status).toBe(9994);
    expect(
      activation.status?.stageHistory?.map((s) => [
        s.stage,
        s.status,
        s.isActive,
      ]),
    ).toEqual([
      ['munich', 9996, false],
      ['berlin', 9994, true],
    ]);
    expect(activation.status?.stageHistory?.[0].outputs).toMatchObject({
      total: 2,
      succeeded: 2,
    });

    await h.engine.pause(id, 'alice');
    expect(campaignObjects(h.engine.get(id)).activation.status?.status).toBe(
      9995,
    );
  });
});
