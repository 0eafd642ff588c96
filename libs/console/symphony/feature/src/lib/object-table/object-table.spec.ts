import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { ObjectTable, type ObjectRow } from './object-table';

@Component({
  imports: [ObjectTable],
  template: `<fleet-object-table label="Targets" [columns]="[{ key: 'region', label: 'Region' }]" [rows]="rows()" />`,
})
class Host {
  readonly rows = signal<ObjectRow[]>(
    Array.from({ length: 60 }, (_, i) => ({ name: `car-${i}`, cells: { region: i % 2 ? 'berlin' : 'munich' } })),
  );
}

describe(ObjectTable.name, () => {
  let fixture: ComponentFixture<Host>;
  const names = async () => (await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatTableHarness)).getCellTextByColumnName())['name'].text;

  beforeEach(async () => {
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  it('shows one page at a time', async () => {
    expect(await names()).toHaveLength(25);
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatPaginatorHarness)).goToLastPage();
    expect(await names()).toEqual(Array.from({ length: 10 }, (_, i) => `car-${50 + i}`));
  });

  it('filters on the name and every cell', async () => {
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatInputHarness)).setValue('car-1');
    expect((await names()).slice(0, 3)).toEqual(['car-1', 'car-10', 'car-11']);
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatInputHarness)).setValue('berlin');
    expect(fixture.nativeElement.textContent).toContain('30 of 60');
  });
});
