import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestException } from '@nestjs/common';
import {
  MAX_FAULT_RULES,
  SIMULATION_FAULTS_TOPIC,
} from '@fleet/shared/contracts';
import type { FaultRule } from '@fleet/shared/contracts';
import { TextRecordingPublisher } from '../../testing/ankaios-harness';
import { settle } from '../../testing/cars-harness';
import { agentSettings, appConfig } from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { InMemoryMetaRepository } from '../../testing/in-memory-repositories';
import { AppConfigService } from '../config/app-config.service';
import {
  DEFAULTS_FILE,
  FaultRulesStore,
  META_FAULT_RULES,
} from './fault-rules-store';
import { FaultRulesService, REPUBLISH_DELAY_MS } from './fault-rules.service';

const rule = (overrides: Partial<FaultRule> = {}): FaultRule => ({
  image: '*:1.2.4',
  fault: 'fail-start',
  probability: 1,
  ...overrides,
});

describe(FaultRulesService.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function setup(
    defaults: unknown = { rules: [rule({ fault: 'crash', afterSeconds: 5 })] },
    meta = new InMemoryMetaRepository(),
  ) {
    const ankaiosDir = mkdtempSync(join(dir, 'ankaios-'));
    if (defaults !== null)
      writeFileSync(
        join(ankaiosDir, DEFAULTS_FILE),
        typeof defaults === 'string' ? defaults : JSON.stringify(defaults),
      );
    const config = new AppConfigService(
      appConfig({
        agent: agentSettings({
          manifest: join(ankaiosDir, 'base-manifest.yaml'),
        }),
      }),
    );
    const clock = new FakeClock();
    const publisher = new TextRecordingPublisher();
    const store = new FaultRulesStore(meta, config);
    const faults = new FaultRulesService(store, publisher, clock);
    return { clock, publisher, meta, faults };
  }

  it('starts from faults.default.json and publishes it retained', async () => {
    const { faults, publisher } = setup();

    await faults.onApplicationBootstrap();

    expect(faults.get().rules).toEqual([
      rule({ fault: 'crash', afterSeconds: 5 }),
    ]);
    expect(publisher.published).toEqual([
      { topic: SIMULATION_FAULTS_TOPIC, payload: faults.get(), retain: true },
    ]);
  });

  it('starts with no rules when the defaults file is missing or malformed', async () => {
    for (const defaults of [null, 'not json', { rules: [{ image: 'x' }] }]) {
      const { faults } = setup(defaults);
      await faults.onApplicationBootstrap();
      expect(faults.get().rules).toEqual([]);
    }
  });

  it('replaces the rules: stored, published retained, and kept over a restart (over the defaults)', async () => {
    const first = setup();
    await first.faults.onApplicationBootstrap();
    first.clock.advance(1000);

    const set = await first.faults.replace([
      rule({ region: 'munich' }),
      rule({ fault: 'unhealthy', probability: 0.2 }),
    ]);

    expect(set.rules).toHaveLength(2);
    expect(set.updatedAt).toBe(first.clock.nowIso());
    expect(first.publisher.published.at(-1)).toEqual({
      topic: SIMULATION_FAULTS_TOPIC,
      payload: set,
      retain: true,
    });
    expect(JSON.parse(first.meta.values.get(META_FAULT_RULES) ?? '{}')).toEqual(
      set,
    );

    const restarted = setup(undefined, first.meta);
    await restarted.faults.onApplicationBootstrap();
    expect(restarted.faults.get()).toEqual(set);
    expect(restarted.publisher.published[0].payload).toEqual(set);
  });

  it('keeps only the contract’s fields of a rule', async () => {
    const { faults } = setup();
    const extra = { ...rule(), colour: 'red' } as FaultRule;

    const set = await faults.replace([extra]);

    expect(set.rules).toEqual([rule()]);
  });

  it('refuses more than 100 rules', async () => {
    const { faults, publisher } = setup();

    await expect(
      faults.replace(Array(MAX_FAULT_RULES + 1).fill(rule())),
    ).rejects.toThrow(BadRequestException);
    expect(publisher.published).toEqual([]);
  });

  it('retries publishing every 5 s while the broker is away', async () => {
    const { faults, publisher, clock } = setup();
    publisher.failWith = new Error('broker down');
    await faults.onApplicationBootstrap();
    expect(clock.pendingDelays).toEqual([REPUBLISH_DELAY_MS]);

    publisher.failWith = null;
    clock.advance(REPUBLISH_DELAY_MS);
    await settle();

    expect(publisher.published).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
