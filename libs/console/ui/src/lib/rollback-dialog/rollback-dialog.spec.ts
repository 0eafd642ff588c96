import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatRadioButtonHarness } from '@angular/material/radio/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { aFleetVersion } from '@fleet/console/testing';
import type { RollbackDto } from '@fleet/shared/contracts';
import { RollbackDialog, type RollbackDialogData } from './rollback-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(RollbackDialog.name, () => {
  let loader: HarnessLoader;
  let result: RollbackDto | undefined | 'open';

  const radio = (id: string) => loader.getHarness(MatRadioButtonHarness.with({ selector: `[data-testid="${id}"]` }));
  const submit = () => loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="rollback-submit"]' }));

  async function open(data: Partial<RollbackDialogData>): Promise<void> {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    result = 'open';
    const full: RollbackDialogData = {
      title: 'Roll back',
      carIds: [],
      regions: ['berlin', 'munich'],
      versions: signal([aFleetVersion('1.2.4'), aFleetVersion('1.2.2')]),
      ...data,
    };
    fixture.componentInstance.dialog
      .open(RollbackDialog, { data: full })
      .afterClosed()
      .subscribe((value) => (result = value));
    await fixture.whenStable();
  }

  it('rolls the selected cars back to their previous version by default', async () => {
    await open({ carIds: ['a', 'b'] });
    await (await submit()).click();
    expect(result).toEqual({ carIds: ['a', 'b'] });
  });

  it('rolls a region back to a chosen version', async () => {
    await open({ carIds: ['a'] });
    await (await radio('rollback-scope-region')).check();
    expect(await (await submit()).isDisabled()).toBe(true);
    const [region] = await loader.getAllHarnesses(MatSelectHarness);
    await region.open();
    await region.clickOptions({ text: 'munich' });
    await (await radio('rollback-chosen')).check();
    expect(await (await submit()).isDisabled()).toBe(true);
    const selects = await loader.getAllHarnesses(MatSelectHarness);
    await selects[1].open();
    await selects[1].clickOptions({ text: '1.2.2' });
    await (await submit()).click();
    expect(result).toEqual({ region: 'munich', toVersion: '1.2.2' });
  });

  it('offers only a region when nothing is selected', async () => {
    await open({ carIds: [] });
    expect(await (await radio('rollback-scope-cars')).isDisabled()).toBe(true);
    expect(await (await radio('rollback-scope-region')).isChecked()).toBe(true);
  });
});
