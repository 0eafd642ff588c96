import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatInputHarness } from '@angular/material/input/testing';
import type { PageEvent } from '@angular/material/paginator';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { aRolloutCar, aStageView, counts } from '@fleet/console/testing';
import type { CarBucket, RolloutCarView, RolloutStageView } from '@fleet/shared/contracts';
import { RolloutCarsTable } from './rollout-cars-table';

@Component({
  imports: [RolloutCarsTable],
  template: `<fleet-rollout-cars
    [cars]="cars()"
    [total]="total()"
    [stages]="stages()"
    [pageIndex]="pageIndex()"
    [loading]="loading()"
    [(stage)]="stage"
    [(bucket)]="bucket"
    [(search)]="search"
    (pageChange)="pages.push($event)"
  />`,
})
class Host {
  readonly cars = signal<RolloutCarView[]>([]);
  readonly total = signal(0);
  readonly stages = signal<RolloutStageView[]>([]);
  readonly pageIndex = signal(0);
  readonly loading = signal(false);
  readonly stage = signal<number | null>(null);
  readonly bucket = signal<CarBucket | null>(null);
  readonly search = signal('');
  readonly pages: PageEvent[] = [];
}

describe(RolloutCarsTable.name, () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;
  let loader: HarnessLoader;
  const column = async (name: string) => (await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())[name]?.text ?? [];
  const select = (testId: string) => loader.getHarness(MatSelectHarness.with({ selector: `[data-testid="${testId}"]` }));
  const options = async (testId: string) => {
    const harness = await select(testId);
    await harness.open();
    const texts = await Promise.all((await harness.getOptions()).map((o) => o.getText()));
    await harness.close();
    return texts;
  };
  const twoStages = () => [
    aStageView({ index: 0, name: 'munich', status: 'running', total: 3, counts: counts({ succeeded: 1, waiting: 2 }) }),
    aStageView({ index: 1, name: 'berlin', status: 'running', total: 7, counts: counts({ waiting: 1, updating: 6 }) }),
  ];

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  it('shows each car of the page with its stage, bucket, reason and attempts', async () => {
    host.cars.set([
      aRolloutCar({ carId: 'm1', bucket: 'succeeded', reason: 'succeeded: healthy for 3 s', attempts: 1 }),
      aRolloutCar({ carId: 'm2', bucket: 'waiting', reason: 'waiting: driving' }),
    ]);
    host.total.set(2);
    expect(await column('carId')).toEqual(['m1', 'm2']);
    expect(await column('bucket')).toEqual(['Succeeded', 'Waiting']);
    expect(await column('reason')).toEqual(['succeeded: healthy for 3 s', 'waiting: driving']);
    expect(await column('attempts')).toEqual(['1', '0']);
  });

  it("offers the rollout's stages, and the buckets that hold cars with their live counts for the chosen stage", async () => {
    host.stages.set(twoStages());
    expect(await options('rollout-cars-stage')).toEqual(['All stages', '1. munich (3)', '2. berlin (7)']);
    expect(await options('rollout-cars-bucket')).toEqual(['All (10)', 'Succeeded (1)', 'In progress (6)', 'Waiting (3)']);
    await (await select('rollout-cars-stage')).clickOptions({ text: '2. berlin (7)' });
    expect(host.stage()).toBe(1);
    expect(await options('rollout-cars-bucket')).toEqual(['All (7)', 'In progress (6)', 'Waiting (1)']);
    await (await select('rollout-cars-bucket')).clickOptions({ text: 'Waiting (1)' });
    expect(host.bucket()).toBe('waiting');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="rollout-cars-search"]' }))).setValue('B1');
    expect(host.search()).toBe('B1');
  });

  it('shows the filters its parent sets, keeping a chosen bucket that holds no car', async () => {
    host.stages.set(twoStages());
    host.stage.set(0);
    host.bucket.set('failed');
    expect(await (await select('rollout-cars-stage')).getValueText()).toBe('1. munich (3)');
    expect(await (await select('rollout-cars-bucket')).getValueText()).toBe('Failed (0)');
    expect(await column('carId')).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No car matches the filter.');
  });

  it('pages over the total the server counts and hands the page to its parent', async () => {
    host.cars.set(Array.from({ length: 25 }, (_, i) => aRolloutCar({ carId: `c${i}` })));
    host.total.set(10_000);
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 10000');
    await paginator.goToNextPage();
    expect(host.pages.map(({ pageIndex, pageSize }) => ({ pageIndex, pageSize }))).toEqual([{ pageIndex: 1, pageSize: 25 }]);
    host.pageIndex.set(399);
    expect(await paginator.getRangeLabel()).toBe('9976 – 10000 of 10000');
    await paginator.setPageSize(100);
    expect(host.pages.at(-1)?.pageSize).toBe(100);
  });

  it('shows a bar while a page is on its way', async () => {
    expect(await loader.getHarnessOrNull(MatProgressBarHarness)).toBeNull();
    host.loading.set(true);
    expect(await (await loader.getHarness(MatProgressBarHarness)).getMode()).toBe('indeterminate');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Loading…');
    host.loading.set(false);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No cars picked yet.');
  });
});
