import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { aCar } from '@fleet/console/testing';
import type { CarView } from '@fleet/shared/contracts';
import { CarGrid } from './car-grid';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { CarRowHarness } from './car-row.harness';

@Component({
  imports: [CarGrid],
  template: `<fleet-car-grid
    style="height: 400px"
    [cars]="cars()"
    [total]="total()"
    [busyIds]="busy()"
    [canWrite]="canWrite()"
    [(selected)]="selected"
    (toggleState)="toggled.push($event)"
    (deleteCar)="deleted.push($event)"
    (openCar)="opened.push($event)"
    (loadMore)="loadMores = loadMores + 1"
  />`,
})
class Host {
  readonly cars = signal<CarView[]>([]);
  readonly total = signal(0);
  readonly busy = signal<ReadonlySet<string>>(new Set());
  readonly canWrite = signal(true);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly toggled: CarView[] = [];
  readonly deleted: CarView[] = [];
  readonly opened: CarView[] = [];
  loadMores = 0;
}

describe(CarGrid.name, () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;

  async function rows(cars: CarView[], total = cars.length): Promise<CarRowHarness[]> {
    host.cars.set(cars);
    host.total.set(total);
    // The virtual scroll viewport measures and renders after a macrotask (its scroll audit).
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    return TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(CarRowHarness);
  }

  beforeEach(() => {
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
  });

  it('labels every status in text and exposes the test hooks', async () => {
    const cars = [
      aCar({ id: 'ok-1', vehicleState: 'driving' }),
      aCar({ id: 'upd-1', updateState: 'updating' }),
      aCar({ id: 'bad-1', workloads: { total: 2, running: 1, failed: 1, pending: 0, stopping: 0, succeeded: 0, other: 0 } }),
      aCar({ id: 'park-1' }),
      aCar({ id: 'off-1', connection: 'offline' }),
    ];
    const found = await rows(cars);
    const statuses = await Promise.all(found.map(async (row) => (await row.getStatus()).getStatus()));
    const labels = await Promise.all(found.map(async (row) => (await row.getStatus()).getLabel()));
    expect(statuses).toEqual(['ok', 'updating', 'failed', 'parked', 'offline']);
    expect(labels).toEqual(['OK', 'Updating', 'Failed', 'Parked', 'Offline']);
    const host = await found[4].host();
    expect(await host.getAttribute('data-testid')).toBe('car-row');
    expect(await host.getAttribute('data-car-id')).toBe('off-1');
    expect(await host.getAttribute('data-display')).toBe('offline');
    expect(await host.getAttribute('data-connection')).toBe('offline');
    expect((await found[2].getCells())[9]).toContain('1 failed');
  });

  it('emits the car when its state toggle, delete or id is clicked', async () => {
    const car = aCar({ id: 'c1' });
    const [row] = await rows([car]);
    const toggle = await row.getToggle();
    expect(await toggle.getText()).toBe('Drive');
    await toggle.click();
    await (await row.getDelete()).click();
    await row.open();
    expect(host.toggled).toEqual([car]);
    expect(host.deleted).toEqual([car]);
    expect(host.opened).toEqual([car]);
  });

  it('offers Park for a driving car and no toggle for a car that is not online or busy', async () => {
    const [driving, starting, busy] = await rows([
      aCar({ vehicleState: 'driving' }),
      aCar({ connection: 'starting' }),
      aCar({ id: 'busy' }),
    ]);
    host.busy.set(new Set(['busy']));
    expect(await (await driving.getToggle()).getText()).toBe('Park');
    expect(await (await starting.getToggle()).isDisabled()).toBe(true);
    expect(await (await busy.getToggle()).isDisabled()).toBe(true);
    expect(await (await busy.getDelete()).isDisabled()).toBe(true);
  });

  it('renders only a window of a large list', async () => {
    const cars = Array.from({ length: 10_000 }, (_, i) => aCar({ id: `car-${i}` }));
    const found = await rows(cars);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(50);
  });

  it('asks for more while cars are missing, by itself and from its button', async () => {
    await rows([aCar()], 5);
    expect(fixture.nativeElement.textContent).toContain('Showing 1 of 5');
    expect(host.loadMores).toBe(1);
    const button = Array.from(fixture.nativeElement.querySelectorAll('button') as NodeListOf<HTMLButtonElement>).find(
      (b) => b.textContent?.includes('Load more'),
    );
    button?.click();
    expect(host.loadMores).toBe(2);
  });

  it('selects cars one by one and all loaded at once', async () => {
    const [a, b] = await rows([aCar({ id: 'a' }), aCar({ id: 'b' })]);
    await (await a.getSelect()).check();
    expect([...host.selected()]).toEqual(['a']);
    const all = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatCheckboxHarness.with({ selector: '[data-testid="select-all"]' }),
    );
    expect(await all.isIndeterminate()).toBe(true);
    await all.check();
    expect([...host.selected()].sort()).toEqual(['a', 'b']);
    expect(await (await b.getSelect()).isChecked()).toBe(true);
    expect(fixture.nativeElement.textContent).toContain('2 selected');
    await all.uncheck();
    expect(host.selected().size).toBe(0);
  });

  it('shows a viewer no selection, toggle or delete controls', async () => {
    host.canWrite.set(false);
    const [row] = await rows([aCar({ id: 'a' })]);
    expect(await row.getWriteControls()).toEqual([]);
    expect(fixture.nativeElement.querySelector('[data-testid="select-all"]')).toBeNull();
  });
});
