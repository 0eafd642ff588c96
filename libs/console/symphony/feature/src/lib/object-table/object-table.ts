import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';

/** One row: the object name plus one text per column key. */
export interface ObjectRow {
  name: string;
  cells: Record<string, string>;
}

export interface ObjectColumn {
  key: string;
  label: string;
  mono?: boolean;
}

export const OBJECT_PAGE_SIZE = 25;

/** A read-only table of Symphony objects with a text filter and pages (a fleet has a Target per car). */
@Component({
  selector: 'fleet-object-table',
  imports: [MatFormFieldModule, MatInputModule, MatPaginatorModule, MatTableModule],
  templateUrl: './object-table.html',
  styleUrl: './object-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObjectTable {
  readonly label = input.required<string>();
  readonly columns = input.required<readonly ObjectColumn[]>();
  readonly rows = input.required<readonly ObjectRow[]>();
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  /** Rows are buttons that emit their object's name. */
  readonly selectable = input(false);
  readonly selectedName = input<string | null>(null);
  readonly rowSelected = output<string>();

  protected readonly query = signal('');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(OBJECT_PAGE_SIZE);
  protected readonly keys = computed(() => ['name', ...this.columns().map((c) => c.key)]);
  protected readonly filtered = computed(() => {
    const query = this.query().trim().toLowerCase();
    if (!query) return this.rows();
    return this.rows().filter((row) => [row.name, ...Object.values(row.cells)].some((text) => text.toLowerCase().includes(query)));
  });
  protected readonly page = computed(() => {
    const start = this.pageIndex() * this.pageSize();
    return this.filtered().slice(start, start + this.pageSize());
  });

  protected onQuery(value: string): void {
    this.query.set(value);
    this.pageIndex.set(0);
  }

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }
}
