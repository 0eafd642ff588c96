import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatTableHarness } from '@angular/material/table/testing';
import { aHistoryEntry } from '@fleet/console/testing';
import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import { UpdateHistoryTable } from './update-history-table';

@Component({
  imports: [UpdateHistoryTable],
  template: `<fleet-update-history-table [entries]="entries()" />`,
})
class Host {
  readonly entries = signal<UpdateHistoryEntry[]>([]);
}

describe(UpdateHistoryTable.name, () => {
  it('shows kind, versions, result, actor and the messages worth reading', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.entries.set([
      aHistoryEntry({ kind: 'rollback', fromVersion: '1.2.4', toVersion: '1.2.3', result: 'succeeded', actor: 'ada' }),
      aHistoryEntry({
        result: 'failed',
        actor: 'olga',
        messages: ['health check failed'],
        components: { nav: { status: 8001, message: 'image pull failed' }, ui: { status: 8004, message: 'updated' } },
      }),
      aHistoryEntry({ result: 'pending', phase: 'applying' }),
    ]);
    await fixture.whenStable();
    const cells = await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['kind'].text).toEqual(['Rollback', 'Update', 'Update']);
    expect(cells['change'].text).toEqual(['1.2.4 → 1.2.3', '1.2.3 → 1.2.4', '1.2.3 → 1.2.4']);
    expect(cells['result'].text).toEqual(['check_circleSucceeded', 'errorFailed', 'syncPending applying']);
    expect(cells['actor'].text).toEqual(['ada', 'olga', 'ada']);
    expect(cells['messages'].text).toEqual(['—', 'health check failed; nav: image pull failed', '—']);
  });

  it('says when there is no history', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No updates yet.');
  });
});
