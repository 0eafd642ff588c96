import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import type { EmergencyStopMode } from '@fleet/shared/contracts';
import { EmergencyStopDialog, type EmergencyStopDialogData } from './emergency-stop-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(EmergencyStopDialog.name, () => {
  let loader: HarnessLoader;
  let result: EmergencyStopMode | undefined | 'open';
  const confirm = () => loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="emergency-stop-confirm"]' }));

  async function open(data: EmergencyStopDialogData): Promise<void> {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    result = 'open';
    fixture.componentInstance.dialog
      .open(EmergencyStopDialog, { data })
      .afterClosed()
      .subscribe((mode) => (result = mode));
    await fixture.whenStable();
  }

  it('explains both modes and freezes by default', async () => {
    await open({ canRevert: true });
    const group = await loader.getHarness(MatRadioGroupHarness);
    const labels = await Promise.all((await group.getRadioButtons()).map((b) => b.getLabelText()));
    expect(labels[0]).toContain('updates already on their way finish');
    expect(labels[1]).toContain('rolls every car the rollouts updated back');
    expect(await group.getCheckedValue()).toBe('freeze');
    await (await confirm()).click();
    expect(result).toBe('freeze');
  });

  it('lets an admin choose freeze-and-revert', async () => {
    await open({ canRevert: true });
    await (await loader.getHarness(MatRadioGroupHarness)).checkRadioButton({ label: /Freeze and revert/ });
    const button = await confirm();
    expect(await button.getText()).toBe('Freeze and revert all rollouts');
    await button.click();
    expect(result).toBe('freeze-and-revert');
  });

  it('keeps freeze-and-revert out of reach of an operator and says why', async () => {
    await open({ canRevert: false });
    const [, revert] = await (await loader.getHarness(MatRadioGroupHarness)).getRadioButtons();
    expect(await revert.isDisabled()).toBe(true);
    expect(await revert.getLabelText()).toContain('Admins only.');
  });

  it('closes with nothing on cancel', async () => {
    await open({ canRevert: true });
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    expect(result).toBeUndefined();
  });
});
