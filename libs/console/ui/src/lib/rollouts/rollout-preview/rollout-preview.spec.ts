import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { aPreview, aStagePreview } from '@fleet/console/testing';
import type { RolloutPreview } from '@fleet/shared/contracts';
import { RolloutPreviewTable } from './rollout-preview';

@Component({ imports: [RolloutPreviewTable], template: `<fleet-rollout-preview [preview]="preview()" />` })
class Host {
  readonly preview = signal<RolloutPreview>(aPreview());
}

describe(RolloutPreviewTable.name, () => {
  let fixture: ComponentFixture<Host>;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(() => {
    fixture = TestBed.createComponent(Host);
  });

  it('shows per stage how many cars are eligible, waiting, unreachable or incompatible', async () => {
    fixture.componentInstance.preview.set(
      aPreview([
        aStagePreview({ name: 'munich', total: 3, eligible: 2, waiting: 1, reasons: { m3: 'waiting: driving' } }),
        aStagePreview({ name: 'berlin', total: 2, eligible: 0, unreachable: 1, incompatible: 1, reasons: { b1: 'unreachable: offline', b2: 'incompatible: model atlas-van' } }),
      ]),
    );
    await fixture.whenStable();
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatTableHarness);
    const cells = await table.getCellTextByColumnName();
    expect(cells['name'].text).toEqual(['1. munich', '2. berlin']);
    expect(cells['eligible'].text).toEqual(['2', '0']);
    expect(cells['waiting'].text).toEqual(['1', '0']);
    expect(cells['unreachable'].text).toEqual(['0', '1']);
    expect(cells['incompatible'].text).toEqual(['0', '1']);
    expect(el().querySelector('[data-testid="preview-summary"]')?.textContent).toContain('5 cars in 2 stages');
  });

  it('lists the reason of every car that would not be sent now', async () => {
    fixture.componentInstance.preview.set(aPreview([aStagePreview({ name: 'berlin', reasons: { b2: 'incompatible: model atlas-van', b1: 'unreachable: offline' } })]));
    await fixture.whenStable();
    const items = Array.from(el().querySelectorAll('[data-testid="preview-reasons"] li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['b1 — unreachable: offline', 'b2 — incompatible: model atlas-van']);
  });

  it('warns when no car matches and when cars of the selection fall into no stage', async () => {
    fixture.componentInstance.preview.set(aPreview([aStagePreview({ total: 0, eligible: 0 })], { unassigned: 4 }));
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="preview-empty"]')).not.toBeNull();
    expect(el().querySelector('[data-testid="preview-summary"]')?.textContent).toContain('4 cars of the selection in no stage');
  });
});
