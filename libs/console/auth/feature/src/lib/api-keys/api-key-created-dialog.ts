import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { CreatedApiKey } from '@fleet/shared/contracts';

/** Shows a new key once: the API keeps only its hash. */
@Component({
  selector: 'fleet-api-key-created-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>API key {{ key.name }}</h2>
    <mat-dialog-content>
      <p>Copy the key now; it is not shown again. Send it as <code>X-API-Key</code> or <code>Authorization: Bearer</code>.</p>
      <pre class="key" data-testid="created-key">{{ key.key }}</pre>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Done</button>
    </mat-dialog-actions>
  `,
  styles: `
    .key {
      padding: 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      white-space: pre-wrap;
      word-break: break-all;
      user-select: all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeyCreatedDialog {
  protected readonly key = inject<CreatedApiKey>(MAT_DIALOG_DATA);
}
