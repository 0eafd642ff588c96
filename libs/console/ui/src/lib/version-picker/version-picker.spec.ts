import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSelectHarness } from '@angular/material/select/testing';
import { aFleetVersion } from '@fleet/console/testing';
import type { FleetVersion } from '@fleet/shared/contracts';
import { VersionPicker } from './version-picker';

@Component({
  imports: [VersionPicker],
  template: `<fleet-version-picker [versions]="versions" [models]="models()" current="1.2.3" [(value)]="value" />`,
})
class Host {
  readonly versions: FleetVersion[] = [
    aFleetVersion('1.3.0', { compatibleModels: ['suv'], releaseNotes: 'SUV only' }),
    aFleetVersion('1.2.4', { releaseNotes: 'Navigation fixes' }),
    aFleetVersion('1.2.3'),
  ];
  readonly models = signal<string[]>(['atlas-sedan']);
  value: string | null = null;
}

describe(VersionPicker.name, () => {
  let fixture: ComponentFixture<Host>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  it('lists the versions, marking the installed one and those no car can run', async () => {
    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness);
    await select.open();
    const options = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    expect(options).toEqual(['1.3.0 incompatible', '1.2.4', '1.2.3 installed']);
  });

  it('shows the metadata of the chosen version', async () => {
    const select = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness);
    await select.open();
    await select.clickOptions({ text: '1.2.4' });
    expect(fixture.componentInstance.value).toBe('1.2.4');
    expect(byTestId('release-notes')).toBe('Navigation fixes');
    expect(el().textContent).toContain('registry/navigation:1.2.4');
    expect(el().textContent).toContain('every model');
    expect(byTestId('incompatible-models')).toBeNull();
  });

  it('warns which models cannot run the chosen version', async () => {
    fixture.componentInstance.value = '1.3.0';
    fixture.componentInstance.models.set(['atlas-sedan', 'cirrus-suv', 'atlas-sedan']);
    fixture.changeDetectorRef.markForCheck();
    await fixture.whenStable();
    expect(byTestId('incompatible-models')).toContain('Not for atlas-sedan:');
  });
});
