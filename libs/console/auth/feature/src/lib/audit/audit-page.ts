import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { AdminApi, apiErrorMessage } from '@fleet/console/data-access';
import type { AuditEntry, AuditQueryDto, Page } from '@fleet/shared/contracts';
import { Subject, catchError, debounceTime, EMPTY, switchMap } from 'rxjs';

export const AUDIT_FILTER_DEBOUNCE_MS = 300;
const FIRST_PAGE: Page<AuditEntry> = { items: [], total: 0, page: 1, pageSize: 50 };

/** `/admin/audit` (operator+): the append-only trail of state-changing requests and logins, newest first. */
@Component({
  selector: 'fleet-audit-page',
  imports: [DatePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatTableModule, ReactiveFormsModule],
  templateUrl: './audit-page.html',
  styleUrls: ['../shared/admin-page.scss', './audit-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AdminApi);
  private readonly queries = new Subject<AuditQueryDto>();
  protected readonly page = signal(FIRST_PAGE);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['at', 'actor', 'action', 'target', 'status', 'details', 'correlationId'];
  protected readonly filters = inject(NonNullableFormBuilder).group({ actor: '', action: '' });

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.queries
      .pipe(
        switchMap((query) =>
          this.api.audit(query).pipe(
            catchError((error: unknown) => {
              this.error.set(apiErrorMessage(error));
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((page) => {
        this.page.set(page);
        this.error.set(null);
      });
    this.filters.valueChanges
      .pipe(debounceTime(AUDIT_FILTER_DEBOUNCE_MS), takeUntilDestroyed(destroyRef))
      .subscribe(() => this.fetch(1, this.page().pageSize));
    this.fetch(1, FIRST_PAGE.pageSize);
  }

  protected refresh(): void {
    this.fetch(this.page().page, this.page().pageSize);
  }

  protected onPage(event: PageEvent): void {
    this.fetch(event.pageIndex + 1, event.pageSize);
  }

  private fetch(page: number, pageSize: number): void {
    const { actor, action } = this.filters.getRawValue();
    this.queries.next({ actor: actor.trim() || undefined, action: action.trim() || undefined, page, pageSize });
  }
}
