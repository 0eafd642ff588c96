import type { RolloutStageView, RolloutView } from '@fleet/shared/contracts';
import { ROLLOUT_STATUS_LABELS } from '../rollout-labels';

export type TimelineKind =
  | 'created'
  | 'scheduled'
  | 'approval'
  | 'started'
  | 'stage-started'
  | 'soak'
  | 'advanced'
  | 'succeeded'
  | 'failed'
  | 'rolling-back'
  | 'rolled-back'
  | 'cancelled'
  | 'finished';

export interface TimelineEvent {
  /** ISO-8601; null for what is going on now. */
  at: string | null;
  kind: TimelineKind;
  stage: string | null;
  text: string;
}

const cars = (n: number) => `${n} car${n === 1 ? '' : 's'}`;

function stageEvents(view: RolloutView, stage: RolloutStageView): TimelineEvent[] {
  if (!stage.startedAt) return [];
  const name = stage.name;
  const events: TimelineEvent[] = [{ at: stage.startedAt, kind: 'stage-started', stage: name, text: `Stage ${name} started with ${cars(stage.total)}` }];
  if (stage.status === 'running' && stage.counts.soaking > 0)
    events.push({ at: null, kind: 'soak', stage: name, text: `${cars(stage.counts.soaking)} soaking (${stage.policy.soakSeconds} s each)` });
  if (stage.status === 'rolling-back') events.push({ at: null, kind: 'rolling-back', stage: name, text: stage.reason ?? `Stage ${name} rolling back` });
  if (!stage.finishedAt) return events;
  const next = view.stages[stage.index + 1];
  const because = stage.reason ? `: ${stage.reason}` : '';
  if (stage.status === 'succeeded') {
    const done = `Stage ${name} succeeded (${stage.counts.succeeded} of ${stage.total})`;
    const advanced = next?.startedAt ? { kind: 'advanced' as const, text: `${done}; advanced to ${next.name}` } : { kind: 'succeeded' as const, text: done };
    events.push({ at: stage.finishedAt, stage: name, ...advanced });
  } else if (stage.status === 'failed') events.push({ at: stage.finishedAt, kind: 'failed', stage: name, text: `Stage ${name} failed${because}` });
  else if (stage.status === 'rolled-back') events.push({ at: stage.finishedAt, kind: 'rolled-back', stage: name, text: `Stage ${name} rolled back${because}` });
  else events.push({ at: stage.finishedAt, kind: 'cancelled', stage: name, text: `Stage ${name} ${stage.status}${because}` });
  return events;
}

/** The rollout's history as Symphony's stageHistory tells it, from the view's times: oldest first, "now" last. */
export function rolloutTimeline(view: RolloutView): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: view.createdAt, kind: 'created', stage: null, text: `Created by ${view.createdBy}` }];
  if (view.startAt) events.push({ at: view.startAt, kind: 'scheduled', stage: null, text: 'Scheduled start' });
  if (view.pendingApproval) {
    const { action, requestedBy, requestedAt } = view.pendingApproval;
    events.push({ at: requestedAt, kind: 'approval', stage: null, text: `The ${action} waits for approval (asked by ${requestedBy})` });
  }
  if (view.startedAt) {
    const approved = view.approvedBy ? ` (approved by ${view.approvedBy})` : '';
    events.push({ at: view.startedAt, kind: 'started', stage: null, text: `Rollout started${approved}` });
  }
  events.push(...view.stages.flatMap((stage) => stageEvents(view, stage)));
  if (view.finishedAt) {
    const because = view.reason ? `: ${view.reason}` : '';
    events.push({ at: view.finishedAt, kind: 'finished', stage: null, text: `${ROLLOUT_STATUS_LABELS[view.status]}${because}` });
  }
  const time = (e: TimelineEvent) => (e.at === null ? Number.POSITIVE_INFINITY : Date.parse(e.at));
  return events.map((event, i) => ({ event, i })).sort((a, b) => time(a.event) - time(b.event) || a.i - b.i).map(({ event }) => event);
}
