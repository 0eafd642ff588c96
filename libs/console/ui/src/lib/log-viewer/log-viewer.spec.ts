import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { aLogLine } from '@fleet/console/testing';
import type { LogLine } from '@fleet/shared/contracts';
import { LogViewer } from './log-viewer';

@Component({
  imports: [LogViewer],
  template: `<fleet-log-viewer
    [lines]="lines()"
    [workloads]="['nav', 'media']"
    [maxLines]="maxLines()"
    [(workload)]="workload"
    [(follow)]="follow"
  />`,
})
class Host {
  readonly lines = signal<LogLine[]>([]);
  readonly maxLines = signal(100);
  readonly workload = signal<string | null>(null);
  readonly follow = signal(true);
}

describe(LogViewer.name, () => {
  let fixture: ComponentFixture<Host>;
  let loader: HarnessLoader;

  const shown = (): string[] =>
    Array.from(fixture.nativeElement.querySelectorAll('[data-testid="log-line"] .message') as NodeListOf<HTMLElement>).map(
      (el) => el.textContent ?? '',
    );

  beforeEach(() => {
    fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  it('filters by workload and reports the choice', async () => {
    fixture.componentInstance.lines.set([
      aLogLine({ workload: 'nav', message: 'n1' }),
      aLogLine({ workload: 'media', message: 'm1' }),
      aLogLine({ workload: 'nav', message: 'n2' }),
    ]);
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="log-workload"]' }));
    expect(shown()).toEqual(['n1', 'm1', 'n2']);
    await select.open();
    await select.clickOptions({ text: 'nav' });
    expect(fixture.componentInstance.workload()).toBe('nav');
    expect(shown()).toEqual(['n1', 'n2']);
    await select.open();
    await select.clickOptions({ text: 'All workloads' });
    expect(fixture.componentInstance.workload()).toBeNull();
    expect(shown()).toHaveLength(3);
  });

  it('shows no more than the newest maxLines', async () => {
    fixture.componentInstance.maxLines.set(2);
    fixture.componentInstance.lines.set([aLogLine({ message: 'old' }), aLogLine({ message: 'mid' }), aLogLine({ message: 'new' })]);
    await fixture.whenStable();
    expect(shown()).toEqual(['mid', 'new']);
  });

  it('turns following off from the switch', async () => {
    const toggle = await loader.getHarness(MatSlideToggleHarness);
    expect(await toggle.isChecked()).toBe(true);
    await toggle.toggle();
    expect(fixture.componentInstance.follow()).toBe(false);
  });
});
