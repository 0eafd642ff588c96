import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { AdminApi, ListState } from '@fleet/console/data-access';
import { ConfirmDialog, type ConfirmDialogData } from '@fleet/console/ui';
import type { ApiKeyView, CreateApiKeyDto, CreatedApiKey } from '@fleet/shared/contracts';
import { filter, switchMap } from 'rxjs';
import { AdminNotifier } from '../shared/notifier';
import { ApiKeyCreatedDialog } from './api-key-created-dialog';
import { CreateApiKeyDialog } from './create-api-key-dialog';

/** `/admin/api-keys` (admin): keys for scripts and jobs; create (shown once), revoke. */
@Component({
  selector: 'fleet-api-keys-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatTableModule],
  templateUrl: './api-keys-page.html',
  styleUrl: '../shared/admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(AdminNotifier);
  protected readonly list = new ListState<ApiKeyView>();
  protected readonly columns = ['name', 'role', 'createdBy', 'createdAt', 'lastUsedAt', 'actions'];

  constructor() {
    this.list.load(this.api.apiKeys()).subscribe();
  }

  protected create(): void {
    this.dialog
      .open<CreateApiKeyDialog, void, CreateApiKeyDto>(CreateApiKeyDialog)
      .afterClosed()
      .pipe(
        filter((body): body is CreateApiKeyDto => body !== undefined),
        switchMap((body) => this.api.createApiKey(body)),
      )
      .subscribe({
        next: (created) => {
          this.list.update((keys) => [...keys, withoutSecret(created)]);
          this.dialog.open<ApiKeyCreatedDialog, CreatedApiKey>(ApiKeyCreatedDialog, { data: created });
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected revoke(key: ApiKeyView): void {
    const data: ConfirmDialogData = {
      title: `Revoke API key ${key.name}?`,
      message: 'Requests with it are refused at once.',
      confirmLabel: 'Revoke',
      confirmTestId: 'confirm-revoke',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((yes) => yes === true),
        switchMap(() => this.api.deleteApiKey(key.id)),
      )
      .subscribe({
        next: () => this.list.update((keys) => keys.filter((k) => k.id !== key.id)),
        error: (error: unknown) => this.notifier.error(error),
      });
  }
}

/** The list never holds the key itself. */
function withoutSecret(created: CreatedApiKey): ApiKeyView {
  const { id, name, role, createdBy, createdAt, lastUsedAt } = created;
  return { id, name, role, createdBy, createdAt, lastUsedAt };
}
