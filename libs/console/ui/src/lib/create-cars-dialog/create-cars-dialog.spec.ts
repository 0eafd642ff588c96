import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatAutocompleteHarness } from '@angular/material/autocomplete/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatInputHarness } from '@angular/material/input/testing';
import type { CreateCarsDto } from '@fleet/shared/contracts';
import { CreateCarsDialog, type CreateCarsDialogData } from './create-cars-dialog';

@Component({ template: '' })
class Host {
  readonly dialog = inject(MatDialog);
}

describe(CreateCarsDialog.name, () => {
  let loader: HarnessLoader;
  let result: CreateCarsDto | undefined | 'open';

  const input = (testId: string) => loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${testId}"]` }));
  const submit = () => loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="create-submit"]' }));

  async function fill(region: string, count: string, model = ''): Promise<void> {
    await (await input('create-region')).setValue(region);
    await (await input('create-count')).setValue(count);
    await (await input('create-model')).setValue(model);
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(Host);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    result = 'open';
    const data: CreateCarsDialogData = { regions: ['berlin', 'munich', 'paris'] };
    fixture.componentInstance.dialog
      .open(CreateCarsDialog, { data })
      .afterClosed()
      .subscribe((value) => (result = value));
    await fixture.whenStable();
  });

  it('requires a region', async () => {
    await fill('', '3');
    expect(await (await submit()).isDisabled()).toBe(true);
    await fill('   ', '3');
    expect(await (await submit()).isDisabled()).toBe(true);
    await fill('munich', '3');
    expect(await (await submit()).isDisabled()).toBe(false);
  });

  it('rejects region keys that are not lower-case words', async () => {
    await fill('Munich City', '3');
    expect(await (await submit()).isDisabled()).toBe(true);
  });

  it.each(['0', '101', '2.5', ''])('rejects a count of "%s"', async (count) => {
    await fill('munich', count);
    expect(await (await submit()).isDisabled()).toBe(true);
  });

  it.each(['1', '100'])('accepts a count of %s', async (count) => {
    await fill('berlin', count);
    expect(await (await submit()).isDisabled()).toBe(false);
  });

  it('closes with the batch body, leaving out a blank model', async () => {
    await fill(' munich ', '12');
    await (await submit()).click();
    expect(result).toEqual({ region: 'munich', count: 12 });
  });

  it('sends the model when one is given', async () => {
    await fill('berlin', '1', 'sedan-x');
    await (await submit()).click();
    expect(result).toEqual({ region: 'berlin', count: 1, model: 'sedan-x' });
  });

  it('suggests known regions and takes free text', async () => {
    const autocomplete = await loader.getHarness(MatAutocompleteHarness);
    await autocomplete.enterText('b');
    const options = await autocomplete.getOptions();
    expect(await Promise.all(options.map((o) => o.getText()))).toEqual(['berlin']);
    await autocomplete.selectOption({ text: 'berlin' });
    expect(await autocomplete.getValue()).toBe('berlin');
  });
});
