import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { anExecutionState, aWorkload } from '@fleet/console/testing';
import { ExecutionStateHarness } from '../status/status.harness';
import { WorkloadsTable } from './workloads-table';

describe(WorkloadsTable.name, () => {
  let fixture: ComponentFixture<WorkloadsTable>;

  beforeEach(() => {
    fixture = TestBed.createComponent(WorkloadsTable);
  });

  it('colours Ankaios states: Running green, Pending yellow, Failed red, others grey', async () => {
    fixture.componentRef.setInput('workloads', [
      aWorkload({ name: 'a', executionState: anExecutionState('Running', 'Ok') }),
      aWorkload({ name: 'b', executionState: anExecutionState('Pending', 'StartingFailed') }),
      aWorkload({ name: 'c', executionState: anExecutionState('Failed', 'ExecFailed') }),
      aWorkload({ name: 'd', executionState: anExecutionState('Stopping', 'WaitingToStop') }),
      aWorkload({ name: 'e', executionState: anExecutionState('AgentDisconnected', '') }),
    ]);
    const states = await TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(ExecutionStateHarness);
    const shown = await Promise.all(states.map(async (s) => [await s.getText(), await s.getTone()]));
    expect(shown).toEqual([
      ['Running(Ok)', 'running'],
      ['Pending(StartingFailed)', 'pending'],
      ['Failed(ExecFailed)', 'failed'],
      ['Stopping(WaitingToStop)', 'neutral'],
      ['AgentDisconnected', 'neutral'],
    ]);
  });

  it('shows image, version and health, unknown where the API gave none', async () => {
    fixture.componentRef.setInput('workloads', [
      aWorkload({ name: 'nav', image: 'registry/nav:2.0.0', version: '2.0.0' }),
      aWorkload({ name: 'media', image: null, version: null }),
    ]);
    fixture.componentRef.setInput('health', { nav: 'healthy' });
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatTableHarness);
    const rows = await table.getCellTextByColumnName();
    expect(rows['name'].text).toEqual(['nav', 'media']);
    expect(rows['image'].text).toEqual(['registry/nav:2.0.0', '—']);
    expect(rows['version'].text).toEqual(['2.0.0', '—']);
    expect(rows['health'].text[0]).toMatch(/healthy$/);
    expect(rows['health'].text[1]).toMatch(/unknown$/);
  });
});
