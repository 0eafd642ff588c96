import type { ComponentResultSpec } from '../symphony/summary';

/** `update` moves a car to a chosen version; `rollback` points it back at an earlier one. */
export type UpdateKind = 'update' | 'rollback';
export const UPDATE_KINDS: readonly UpdateKind[] = ['update', 'rollback'];

/**
 * `pending` while the deployment runs; `interrupted` when the car started driving mid-install (it
 * restored its previous software and the update resumes at the next park); `refused` when the car
 * would not start (driving); `failed` when the car rolled back a failed install or never answered.
 */
export type UpdateResult =
  | 'pending'
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'refused';

/** Where a pending deployment stands. */
export type UpdatePhase = 'queued' | 'planning' | 'applying' | 'finished';

/** One step the deployment plan found, from the car's GET answer against the version's components. */
export interface UpdatePlanStep {
  component: string;
  action: 'update' | 'delete';
  reason: 'new' | 'changed' | 'removed';
}

/** `GET /api/cars/:id/history`: one update or rollback of one car. */
export interface UpdateHistoryEntry {
  id: string;
  carId: string;
  kind: UpdateKind;
  /** The version the car reported when the update was requested. */
  fromVersion: string | null;
  toVersion: string;
  result: UpdateResult;
  phase: UpdatePhase;
  /** Who asked: the signed-in user, or `system`. */
  actor: string;
  /** ISO-8601. */
  requestedAt: string;
  finishedAt: string | null;
  /** The Symphony Instance deployed (`fleet-car-<id>`) and its generation. */
  instance: string;
  instanceGeneration: number;
  /** The deployment job id sent to the car (with the generation, the car's idempotency key). */
  jobId: string;
  /** The COA state of the car's answer (200, 409, 500, 19001, ...), null while pending or without an answer. */
  coaState: number | null;
  /** Its readable name (`OK`, `Interrupted`). */
  coaStateName: string | null;
  /** Component name -> the car's result (COA code and message). */
  components: Record<string, ComponentResultSpec>;
  plan: UpdatePlanStep[];
  messages: string[];
}

/** The answer for one car of a bulk update or rollback. */
export type CarUpdateOutcome =
  | { carId: string; status: 'accepted'; entry: UpdateHistoryEntry }
  | { carId: string; status: 'refused'; statusCode: number; reason: string };

/** `POST /api/cars/bulk-update` and `POST /api/cars/rollback`. */
export interface BulkUpdateResponse {
  accepted: number;
  refused: number;
  results: CarUpdateOutcome[];
}
