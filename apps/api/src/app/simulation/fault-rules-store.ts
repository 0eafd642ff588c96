import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { FaultRule, FaultRuleSet } from '@fleet/shared/contracts';
import { AppConfigService } from '../config/app-config.service';
import { MetaRepository } from '../database/meta.repository';
import { isRecord } from '../mqtt/payload-guards';
import { isFaultRule, isFaultRuleSet, plainRule } from './fault-rules';

export const META_FAULT_RULES = 'simulation-fault-rules';
export const DEFAULTS_FILE = 'faults.default.json';

/** The current rule set in the database (`meta` table), and the defaults file beside the base manifest. */
@Injectable()
export class FaultRulesStore {
  private readonly logger = new Logger(FaultRulesStore.name);

  constructor(
    private readonly meta: MetaRepository,
    private readonly config: AppConfigService,
  ) {}

  /** The stored set; null when none was stored yet (or it is unreadable). */
  async load(): Promise<FaultRuleSet | null> {
    const raw = await this.meta.get(META_FAULT_RULES);
    if (raw === null) return null;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isFaultRuleSet(parsed)) return parsed;
    } catch {
      // fall through
    }
    this.logger.error(
      'the stored fault rules are unreadable; using the defaults',
    );
    return null;
  }

  async save(set: FaultRuleSet): Promise<void> {
    await this.meta.set(META_FAULT_RULES, JSON.stringify(set));
  }

  /** `ankaios/faults.default.json` (beside AGENT_MANIFEST); no rules when it is missing or invalid. */
  defaults(): FaultRule[] {
    const file = join(
      dirname(this.config.get('agent').manifest),
      DEFAULTS_FILE,
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      this.logger.warn(
        `no default fault rules (${file}: ${(error as Error).message})`,
      );
      return [];
    }
    const rules = isRecord(parsed) ? parsed['rules'] : undefined;
    if (Array.isArray(rules) && rules.every(isFaultRule))
      return rules.map(plainRule);
    this.logger.error(
      `${file} is not {"rules": [FaultRule...]}; no default fault rules`,
    );
    return [];
  }
}
