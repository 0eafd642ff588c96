import type { SymphonyInstance, SymphonyTarget } from '@fleet/shared/contracts';

/**
 * Symphony's `matchString`: a value with `*` (any run) or `%` (one character) is a pattern that may match
 * anywhere in the candidate (Go's unanchored `regexp.MatchString`); anything else must be equal. Other regular
 * expression characters are taken literally here, where Symphony would pass them to the regexp.
 */
export function selectorValueMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('%')) return pattern === value;
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '%' ? '.' : ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(source).test(value);
}

/**
 * The Targets an Instance deploys to, as Symphony's `MatchTargets` picks them: the one named by
 * `spec.target.name` (a `<root>:<version>` reference becomes its object name), plus every Target whose
 * `spec.properties` hold each key of `spec.target.selector` with a matching value. Sorted by name, no duplicates.
 */
export function matchTargets(instance: SymphonyInstance, targets: readonly SymphonyTarget[]): SymphonyTarget[] {
  const selected = new Map<string, SymphonyTarget>();
  const name = instance.spec?.target?.name?.replace(/:/g, '-');
  const selector = instance.spec?.target?.selector ?? {};
  for (const target of targets) {
    const targetName = target.metadata.name;
    if (name && selectorValueMatches(name, targetName)) selected.set(targetName, target);
    const entries = Object.entries(selector);
    if (entries.length === 0) continue;
    const properties = target.spec?.properties ?? {};
    if (entries.every(([key, value]) => key in properties && selectorValueMatches(value, properties[key])))
      selected.set(targetName, target);
  }
  return [...selected.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}
