import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { aRolloutCar } from '@fleet/console/testing';
import type { RolloutCarView } from '@fleet/shared/contracts';
import { RolloutCarsTable } from './rollout-cars-table';

@Component({ imports: [RolloutCarsTable], template: `<fleet-rollout-cars [cars]="cars()" />` })
class Host {
  readonly cars = signal<RolloutCarView[]>([]);
}

describe(RolloutCarsTable.name, () => {
  let fixture: ComponentFixture<Host>;
  let loader: HarnessLoader;
  const column = async (name: string) => (await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())[name]?.text ?? [];

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  it('shows each car with its stage, bucket, reason and attempts', async () => {
    fixture.componentInstance.cars.set([
      aRolloutCar({ carId: 'm1', bucket: 'succeeded', reason: 'succeeded: healthy for 3 s', attempts: 1 }),
      aRolloutCar({ carId: 'm2', bucket: 'waiting', reason: 'waiting: driving' }),
    ]);
    expect(await column('carId')).toEqual(['m1', 'm2']);
    expect(await column('bucket')).toEqual(['Succeeded', 'Waiting']);
    expect(await column('reason')).toEqual(['succeeded: healthy for 3 s', 'waiting: driving']);
    expect(await column('attempts')).toEqual(['1', '0']);
  });

  it('filters by bucket (offering only buckets that hold cars) and by car id', async () => {
    fixture.componentInstance.cars.set([
      aRolloutCar({ carId: 'm1', bucket: 'succeeded' }),
      aRolloutCar({ carId: 'm2', bucket: 'waiting' }),
      aRolloutCar({ carId: 'b1', bucket: 'waiting', stage: 'berlin' }),
    ]);
    const select = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="rollout-cars-bucket"]' }));
    await select.open();
    expect(await Promise.all((await select.getOptions()).map((o) => o.getText()))).toEqual(['All (3)', 'Succeeded (1)', 'Waiting (2)']);
    await select.clickOptions({ text: 'Waiting (2)' });
    expect(await column('carId')).toEqual(['m2', 'b1']);
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="rollout-cars-search"]' }))).setValue('B1');
    expect(await column('carId')).toEqual(['b1']);
  });

  it('pages through many cars and starts again at the first page for a new filter', async () => {
    fixture.componentInstance.cars.set(Array.from({ length: 30 }, (_, i) => aRolloutCar({ carId: `c${String(i).padStart(2, '0')}`, bucket: i < 28 ? 'pending' : 'failed' })));
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 25 of 30');
    await paginator.goToNextPage();
    expect(await column('carId')).toEqual(['c25', 'c26', 'c27', 'c28', 'c29']);
    const select = await loader.getHarness(MatSelectHarness);
    await select.open();
    await select.clickOptions({ text: 'Failed (2)' });
    expect(await paginator.getRangeLabel()).toBe('1 – 2 of 2');
    expect(await column('carId')).toEqual(['c28', 'c29']);
  });
});
