import { RolloutError } from './engine/errors';
import { pageOf, queryRolloutCars, queryRollouts } from './rollout-query';
import { regionRollout, RolloutHarness } from './testing/rollout-harness';

describe('rollout queries', () => {
  let h: RolloutHarness;

  beforeEach(() => {
    h = new RolloutHarness();
  });

  describe(pageOf.name, () => {
    it('pages like the cars list: total counts every match, a page past the end is empty', () => {
      const items = ['a', 'b', 'c', 'd', 'e'];
      expect(pageOf(items, { page: 2, pageSize: 2 })).toEqual({
        items: ['c', 'd'],
        total: 5,
        page: 2,
        pageSize: 2,
      });
      expect(pageOf(items, { page: 9, pageSize: 2 })).toMatchObject({
        items: [],
        total: 5,
      });
      expect(pageOf(items, {})).toMatchObject({ page: 1, pageSize: 50 });
    });
  });

  describe(queryRollouts.name, () => {
    it('filters by status and version, newest first, and counts every match', async () => {
      h.fleet.addMany(2, { region: 'munich' });
      const first = await h.create(regionRollout(['munich']), { start: false });
      h.clock.advance(1000);
      const second = await h.create(regionRollout(['munich']), {
        start: false,
      });
      h.clock.advance(1000);
      const running = await h.create(regionRollout(['munich']));
      const all = queryRollouts(h.engine.list(), { page: 1, pageSize: 2 });
      expect(all.total).toBe(3);
      expect(all.items.map((r) => r.id)).toEqual([running, second]);
      const drafts = queryRollouts(h.engine.list(), { status: 'draft' });
      expect(drafts.items.map((r) => r.id)).toEqual([second, first]);
      expect(drafts.total).toBe(2);
      expect(
        queryRollouts(h.engine.list(), { version: '9.9.9' }),
      ).toMatchObject({ items: [], total: 0 });
    });
  });

  describe(queryRolloutCars.name, () => {
    it('filters by stage and bucket and pages by stage, then car id', async () => {
      const munich = h.fleet.addMany(3, { region: 'munich' });
      h.fleet.addMany(2, { region: 'berlin' });
      h.fleet.set(munich[1].id, { vehicleState: 'driving' });
      const id = await h.create(regionRollout(['munich', 'berlin']));
      await h.engine.tick();
      // Berlin cars are picked only when their stage starts; Munich's three are there now.
      const state = h.engine.get(id);
      const stage0 = queryRolloutCars(state, { stage: 0 });
      expect(stage0.items.map((c) => c.carId)).toEqual(munich.map((c) => c.id));
      expect(stage0.total).toBe(3);
      const waiting = queryRolloutCars(state, { bucket: 'waiting' });
      expect(waiting.items.map((c) => [c.carId, c.reason])).toEqual([
        [munich[1].id, 'waiting: driving'],
      ]);
      const secondPage = queryRolloutCars(state, { page: 2, pageSize: 2 });
      expect(secondPage.items.map((c) => c.carId)).toEqual([munich[2].id]);
      expect(queryRolloutCars(state, { stage: 1 }).total).toBe(
        state.cars.size - 3,
      );
    });

    it('matches a car-id substring, ignoring case and surrounding blanks, with the other filters', async () => {
      h.fleet.add({ id: 'munich-A1', region: 'munich' });
      h.fleet.add({ id: 'munich-b2', region: 'munich' });
      h.fleet.add({
        id: 'munich-a3',
        region: 'munich',
        vehicleState: 'driving',
      });
      h.fleet.add({ id: 'berlin-a4', region: 'berlin' });
      // Only the first stage's cars are picked yet: munich's.
      const id = await h.create(regionRollout(['munich', 'berlin']));
      await h.engine.tick();
      const state = h.engine.get(id);
      const ids = (query: Parameters<typeof queryRolloutCars>[1]) =>
        queryRolloutCars(state, query).items.map((c) => c.carId);
      expect(ids({ q: ' a' })).toEqual(['munich-A1', 'munich-a3']);
      expect(ids({ q: 'A', bucket: 'waiting' })).toEqual(['munich-a3']);
      expect(queryRolloutCars(state, { q: 'B2' })).toMatchObject({
        total: 1,
        items: [{ carId: 'munich-b2' }],
      });
      expect(queryRolloutCars(state, { q: 'nowhere' }).total).toBe(0);
      expect(ids({ q: '  ' })).toHaveLength(3);
    });

    it('refuses a stage past the last one, naming the field', async () => {
      h.fleet.add({ region: 'munich' });
      const id = await h.create(regionRollout(['munich']));
      expect(() => queryRolloutCars(h.engine.get(id), { stage: 1 })).toThrow(
        new RolloutError(
          'invalid',
          'stage must be between 0 and 0 (the rollout has 1 stage(s))',
        ),
      );
    });
  });
});
