import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import type { UpdateHistoryEntry, UpdateResult } from '@fleet/shared/contracts';

export const UPDATE_RESULT_LABELS: Record<UpdateResult, string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
  interrupted: 'Interrupted',
  refused: 'Refused',
};

const RESULT_ICONS: Record<UpdateResult, string> = {
  pending: 'sync',
  succeeded: 'check_circle',
  failed: 'error',
  interrupted: 'pause_circle',
  refused: 'block',
};

/** One car's updates and rollbacks, newest first: who, when, from, to, kind, result and messages. */
@Component({
  selector: 'fleet-update-history-table',
  imports: [DatePipe, MatIconModule, MatTableModule],
  templateUrl: './update-history-table.html',
  styleUrl: './update-history-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpdateHistoryTable {
  readonly entries = input.required<readonly UpdateHistoryEntry[]>();

  protected readonly columns = ['requestedAt', 'kind', 'change', 'result', 'actor', 'finishedAt', 'messages'];

  protected labelOf(entry: UpdateHistoryEntry): string {
    return UPDATE_RESULT_LABELS[entry.result];
  }

  protected iconOf(entry: UpdateHistoryEntry): string {
    return RESULT_ICONS[entry.result];
  }

  /** The entry's messages, then each failed component's message. */
  protected messagesOf(entry: UpdateHistoryEntry): string {
    const components = Object.entries(entry.components)
      .filter(([, result]) => result.message && result.status >= 400 && result.status !== 8004 && result.status !== 8005)
      .map(([name, result]) => `${name}: ${result.message}`);
    return [...entry.messages, ...components].join('; ') || '—';
  }
}
