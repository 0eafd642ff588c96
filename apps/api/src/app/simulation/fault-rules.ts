import { FAULT_KINDS, REGION_PATTERN } from '@fleet/shared/contracts';
import type { FaultRule, FaultRuleSet } from '@fleet/shared/contracts';
import { isRecord } from '../mqtt/payload-guards';

/** A rule as plain data with only the contract's fields (what is stored and published). */
export function plainRule(rule: FaultRule): FaultRule {
  return {
    image: rule.image,
    fault: rule.fault,
    probability: rule.probability,
    ...(rule.region === undefined ? {} : { region: rule.region }),
    ...(rule.afterSeconds === undefined
      ? {}
      : { afterSeconds: rule.afterSeconds }),
  };
}

/** For data read back from the database or the defaults file, which bypassed the DTO. */
export function isFaultRule(v: unknown): v is FaultRule {
  return (
    isRecord(v) &&
    typeof v['image'] === 'string' &&
    v['image'].length > 0 &&
    FAULT_KINDS.includes(v['fault'] as never) &&
    typeof v['probability'] === 'number' &&
    v['probability'] >= 0 &&
    v['probability'] <= 1 &&
    (v['region'] === undefined ||
      (typeof v['region'] === 'string' && REGION_PATTERN.test(v['region']))) &&
    (v['afterSeconds'] === undefined ||
      (typeof v['afterSeconds'] === 'number' && v['afterSeconds'] >= 0))
  );
}

export function isFaultRuleSet(v: unknown): v is FaultRuleSet {
  return (
    isRecord(v) &&
    Array.isArray(v['rules']) &&
    v['rules'].every(isFaultRule) &&
    typeof v['updatedAt'] === 'string'
  );
}
