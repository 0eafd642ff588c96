import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import type { BulkUpdateResponse, CarUpdateOutcome } from '@fleet/shared/contracts';

export interface BulkResultDialogData {
  title: string;
  response: BulkUpdateResponse;
}

/** Per-car answers of a bulk update or rollback: accepted (with the target version) or refused (with why). */
@Component({
  selector: 'fleet-bulk-result-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatTableModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p data-testid="bulk-summary">
        {{ data.response.accepted }} accepted, {{ data.response.refused }} refused
      </p>
      <table mat-table [dataSource]="data.response.results" aria-label="Results per car">
        <ng-container matColumnDef="car">
          <th mat-header-cell *matHeaderCellDef>Car</th>
          <td mat-cell *matCellDef="let r">{{ r.carId }}</td>
        </ng-container>
        <ng-container matColumnDef="outcome">
          <th mat-header-cell *matHeaderCellDef>Outcome</th>
          <td mat-cell *matCellDef="let r" [class]="r.status">
            <mat-icon aria-hidden="true">{{ r.status === 'accepted' ? 'check' : 'block' }}</mat-icon>
            {{ r.status === 'accepted' ? 'Accepted' : 'Refused' }}
          </td>
        </ng-container>
        <ng-container matColumnDef="detail">
          <th mat-header-cell *matHeaderCellDef>Detail</th>
          <td mat-cell *matCellDef="let r">{{ detail(r) }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let row; columns: columns" data-testid="bulk-result-row" [attr.data-status]="row.status"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="mat-mdc-cell" [attr.colspan]="columns.length">No car matched.</td>
        </tr>
      </table>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close data-testid="bulk-result-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    td mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
      vertical-align: middle;
    }
    .refused {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkResultDialog {
  protected readonly data = inject<BulkResultDialogData>(MAT_DIALOG_DATA);
  protected readonly columns = ['car', 'outcome', 'detail'];

  protected detail(result: CarUpdateOutcome): string {
    if (result.status === 'refused') return `${result.reason} (${result.statusCode})`;
    const { fromVersion, toVersion } = result.entry;
    return `${fromVersion ?? '—'} → ${toVersion}`;
  }
}
