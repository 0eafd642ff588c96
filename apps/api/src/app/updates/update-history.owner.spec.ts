import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { groupWritesFor } from '../database/group-writes.providers';
import { historyEntity } from '../../testing/factories';
import { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';

/**
 * The owner column on a real (SQLite) table: stamped on insert, taken over by one conditional write; written
 * through TypeORM (PostgreSQL's path) and through the SQLite group commit.
 */
describe.each([
  ['TypeORM', false],
  ['the group commit', true],
])(
  `${UpdateHistoryRepository.name} owner replica, written through %s`,
  (_, grouped) => {
    let dir: string;
    let source: DataSource;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'history-owner-'));
      source = new DataSource({
        type: 'better-sqlite3',
        database: join(dir, 'fleet.sqlite'),
        entities: [UpdateHistoryEntity],
        synchronize: true,
      });
      await source.initialize();
    });

    afterEach(async () => {
      await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    const repository = (replica?: string) =>
      new UpdateHistoryRepository(
        source.getRepository(UpdateHistoryEntity),
        replica,
        grouped ? groupWritesFor(source) : null,
      );

    it('stamps the recording replica as owner; a later save keeps it', async () => {
      const a = repository('replica-a');
      const recorded = historyEntity('e1');
      await a.insert(recorded);

      await a.save({ ...recorded, phase: 'applying' });

      expect(await a.findById('e1')).toMatchObject({
        phase: 'applying',
        ownerReplica: 'replica-a',
      });
      expect(
        (await a.pendingOwnedBy('replica-a', 10)).map((e) => e.id),
      ).toEqual(['e1']);
      expect(await a.pendingOwnedBy('replica-b', 10)).toEqual([]);
    });

    it('one claim wins; a claim of an ended entry or from the wrong owner fails', async () => {
      const a = repository('replica-a');
      await a.insert(historyEntity('e1'));
      await a.insert(historyEntity('e22', { result: 'succeeded' }));
      await repository().insert(historyEntity('e333'));

      expect(await a.claim('e1', 'replica-x', 'leader')).toBe(false);
      expect(await a.claim('e1', 'replica-a', 'leader')).toBe(true);
      expect(await a.claim('e1', 'replica-a', 'other')).toBe(false);
      expect((await a.findById('e1'))?.ownerReplica).toBe('leader');
      expect(await a.claim('e22', 'replica-a', 'leader')).toBe(false);
      // An entry recorded without an owner (a single replica before): claimed from null.
      expect(await a.claim('e333', null, 'leader')).toBe(true);
      expect(await a.pendingOwnedBy('replica-a', 10)).toEqual([]);
    });

    it('finds entries by id across several statements, leaving the missing out', async () => {
      const a = repository('replica-a');
      const ids = Array.from({ length: 620 }, (_, i) => `e${i}`);
      for (const id of ids)
        await a.insert(historyEntity(id, { carId: `c${id}` }));

      const found = await a.findByIds([...ids, 'missing-1', 'missing-2']);

      expect(found.size).toBe(620);
      expect(found.get('e0')?.carId).toBe('ce0');
      expect(found.get('e619')?.carId).toBe('ce619');
      expect(found.has('missing-1')).toBe(false);
      expect(await a.findByIds([])).toEqual(new Map());
    });
  },
);
