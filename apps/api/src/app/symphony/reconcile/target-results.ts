import { CoaState } from '@fleet/shared/contracts';
import type {
  SummarySpec,
  SymphonyTarget,
  TargetResultSpec,
} from '@fleet/shared/contracts';
import { TargetStatus } from '@fleet/shared/symphony/util';
import type { FinishedResult, ReconcileOutcome } from './outcome';

/** What one target's summary entry says after a reconcile of it. */
export function targetResultOf(
  target: SymphonyTarget,
  outcome: ReconcileOutcome,
  componentNames: readonly string[],
): TargetResultSpec {
  const name = target.metadata.name;
  const fromCar = outcome.summary?.targets?.[name];
  if (outcome.unconfirmed)
    return {
      status: TargetStatus.unknown,
      message: outcome.messages[0],
      components: Object.fromEntries(
        componentNames.map((c) => [
          c,
          { status: CoaState.Running, message: 'unknown: no answer yet' },
        ]),
      ),
    };
  if (fromCar) return fromCar;
  const ok = outcome.result === 'succeeded';
  return {
    status: ok ? TargetStatus.ok : TargetStatus.error,
    message: outcome.messages[0],
    components:
      Object.keys(outcome.components).length > 0
        ? outcome.components
        : Object.fromEntries(
            componentNames.map((c) => [
              c,
              {
                status: ok ? CoaState.Untouched : (outcome.coaState ?? 500),
                message: outcome.messages[0] ?? '',
              },
            ]),
          ),
  };
}

/** The entry of a target being deployed now. */
export function deployingResult(
  solution: string,
  componentNames: readonly string[],
): TargetResultSpec {
  return {
    status: TargetStatus.unknown,
    message: `deploying ${solution}`,
    components: Object.fromEntries(
      componentNames.map((c) => [
        c,
        { status: CoaState.Running, message: 'deploying' },
      ]),
    ),
  };
}

const SEVERITY: FinishedResult[] = [
  'succeeded',
  'refused',
  'interrupted',
  'failed',
];

/** One outcome for a reconcile of several targets: the worst result, every target's messages. */
export function combineOutcomes(
  outcomes: Record<string, ReconcileOutcome>,
  summary: SummarySpec | null,
): ReconcileOutcome {
  const all = Object.entries(outcomes);
  if (all.length === 1) return { ...all[0][1], targets: outcomes };
  const worst = all.reduce<FinishedResult>(
    (w, [, o]) =>
      SEVERITY.indexOf(o.result) > SEVERITY.indexOf(w) ? o.result : w,
    'succeeded',
  );
  const firstWorst = all.find(([, o]) => o.result === worst)?.[1];
  return {
    result: worst,
    coaState: firstWorst?.coaState ?? CoaState.OK,
    messages: all.map(([t, o]) => `${t}: ${o.messages[0] ?? o.result}`),
    components: {},
    plan: all.flatMap(([, o]) => o.plan),
    skipped: all.every(([, o]) => o.skipped),
    summary,
    unconfirmed: all.some(([, o]) => o.unconfirmed),
    targets: outcomes,
  };
}
