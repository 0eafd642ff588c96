import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { ConfirmDialog, type ConfirmDialogData } from './confirm-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(ConfirmDialog.name, () => {
  let loader: HarnessLoader;
  let result: boolean | undefined | 'open';

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    result = 'open';
    const data: ConfirmDialogData = {
      title: 'Delete car c1?',
      message: 'Its agent process stops.',
      confirmLabel: 'Delete',
      confirmTestId: 'confirm-delete',
    };
    fixture.componentInstance.dialog
      .open(ConfirmDialog, { data })
      .afterClosed()
      .subscribe((value) => (result = value));
    await fixture.whenStable();
  });

  it('shows the question and confirms with true', async () => {
    const dialog = await loader.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete car c1?');
    expect(await dialog.getContentText()).toBe('Its agent process stops.');
    const confirm = await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="confirm-delete"]' }));
    expect(await confirm.getText()).toBe('Delete');
    await confirm.click();
    expect(result).toBe(true);
  });

  it('cancels with false', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    expect(result).toBe(false);
  });
});
