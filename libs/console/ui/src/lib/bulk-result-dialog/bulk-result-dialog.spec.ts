import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatTableHarness } from '@angular/material/table/testing';
import { aBulkResponse, anAccepted, aRefusal } from '@fleet/console/testing';
import { BulkResultDialog } from './bulk-result-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(BulkResultDialog.name, () => {
  it('shows every car with its outcome', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    const response = aBulkResponse([anAccepted('a', { fromVersion: '1.2.3', toVersion: '1.2.4' }), aRefusal('b', 'car b is driving')]);
    fixture.componentInstance.dialog.open(BulkResultDialog, { data: { title: 'Update to 1.2.4', response } });
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['car'].text).toEqual(['a', 'b']);
    expect(cells['outcome'].text).toEqual(['check Accepted', 'block Refused']);
    expect(cells['detail'].text).toEqual(['1.2.3 → 1.2.4', 'car b is driving (409)']);
    expect(document.querySelector('[data-testid="bulk-summary"]')?.textContent?.trim()).toBe('1 accepted, 1 refused');
  });
});
