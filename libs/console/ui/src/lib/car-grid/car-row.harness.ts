import { ComponentHarness } from '@angular/cdk/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { CarStatusHarness } from '../status/status.harness';

export class CarRowHarness extends ComponentHarness {
  static hostSelector = 'fleet-car-row';

  readonly getStatus = this.locatorFor(CarStatusHarness);
  readonly getToggle = this.locatorFor(MatButtonHarness.with({ selector: '[data-testid="toggle-state"]' }));
  readonly getDelete = this.locatorFor(MatButtonHarness.with({ selector: '[data-testid="delete-car"]' }));
  readonly getSelect = this.locatorFor(MatCheckboxHarness.with({ selector: '[data-testid="select-car"]' }));
  /** The write controls present in the row (none for viewers). */
  readonly getWriteControls = this.locatorForAll('[data-testid="toggle-state"], [data-testid="delete-car"], [data-testid="select-car"]');

  async getCarId(): Promise<string | null> {
    return (await this.host()).getAttribute('data-car-id');
  }

  async getCells(): Promise<string[]> {
    const cells = await this.locatorForAll('[role="cell"]')();
    return Promise.all(cells.map((cell) => cell.text()));
  }

  async open(): Promise<void> {
    return (await this.locatorFor('button.link')()).click();
  }
}
