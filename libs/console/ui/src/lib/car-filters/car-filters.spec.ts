import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { CarFilters, type CarFilterValue } from './car-filters';

@Component({
  imports: [CarFilters],
  template: `<fleet-car-filters [regions]="['berlin', 'munich']" [(value)]="value" />`,
})
class Host {
  readonly value = signal<CarFilterValue>({});
}

describe(CarFilters.name, () => {
  it('reports region, status and search together', async () => {
    const fixture = TestBed.createComponent(Host);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const region = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="filter-region"]' }));
    await region.open();
    await region.clickOptions({ text: 'berlin' });
    const status = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="filter-status"]' }));
    await status.open();
    await status.clickOptions({ text: 'Failed' });
    await (await loader.getHarness(MatInputHarness)).setValue('car-1');
    expect(fixture.componentInstance.value()).toEqual({ region: 'berlin', status: 'failed', search: 'car-1' });

    await region.open();
    await region.clickOptions({ text: 'All regions' });
    expect(fixture.componentInstance.value().region).toBeUndefined();
  });
});
