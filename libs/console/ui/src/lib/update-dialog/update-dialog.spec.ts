import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import { aFleetVersion } from '@fleet/console/testing';
import type { FleetVersion } from '@fleet/shared/contracts';
import { UpdateDialog, type UpdateDialogData } from './update-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(UpdateDialog.name, () => {
  let loader: HarnessLoader;
  let result: string | undefined | 'open';
  const versions = signal<FleetVersion[]>([]);
  const submit = () => loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="update-submit"]' }));

  async function choose(version: string): Promise<void> {
    const select = await loader.getHarness(MatSelectHarness);
    await select.open();
    await select.clickOptions({ text: new RegExp(`^${version.replace(/\./g, '\\.')}`) });
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    result = 'open';
    versions.set([]);
    const data: UpdateDialogData = { title: 'Update car c1', versions, models: ['atlas-sedan'], current: '1.2.3' };
    fixture.componentInstance.dialog
      .open(UpdateDialog, { data })
      .afterClosed()
      .subscribe((value) => (result = value));
    await fixture.whenStable();
  });

  it('waits for the versions and a choice before it can update', async () => {
    expect(await (await submit()).isDisabled()).toBe(true);
    versions.set([aFleetVersion('1.2.4'), aFleetVersion('1.2.3')]);
    await choose('1.2.4');
    const button = await submit();
    expect(await button.getText()).toBe('Update to 1.2.4');
    await button.click();
    expect(result).toBe('1.2.4');
  });

  it('refuses a version none of the cars can run', async () => {
    versions.set([aFleetVersion('2.0.0', { compatibleModels: ['van'] })]);
    await choose('2.0.0');
    expect(await (await submit()).isDisabled()).toBe(true);
  });
});
