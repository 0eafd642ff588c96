import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { SymphonyPage } from './symphony-page';
import { aSolutionVersion, aSummaryResult, aTarget, anInstance } from './symphony-test-data';

describe(SymphonyPage.name, () => {
  let fixture: ComponentFixture<SymphonyPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  async function openTab(label: RegExp): Promise<MatTableHarness> {
    await (await loader.getHarness(MatTabGroupHarness)).selectTab({ label });
    await fixture.whenStable();
    return loader.getHarness(MatTableHarness);
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SymphonyPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    http.expectOne('/v1alpha2/solutions').flush([{ metadata: { name: 'fleet' }, spec: {} }]);
    http.expectOne('/v1alpha2/solutionversions').flush([aSolutionVersion('1.2.3'), aSolutionVersion('1.2.4')]);
    http.expectOne('/v1alpha2/targets/registry').flush([aTarget('c1'), aTarget('c2', 'berlin')]);
    http.expectOne('/v1alpha2/instances').flush({ statusCode: 500, message: 'store down', correlationId: 'r' }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows the solutions and their versions with counts in the tabs', async () => {
    const labels = await Promise.all((await (await loader.getHarness(MatTabGroupHarness)).getTabs()).map((t) => t.getLabel()));
    expect(labels).toEqual(['Solutions (1)', 'Versions (2)', 'Targets (2)', 'Instances (0)']);
    const versions = await (await openTab(/^Versions/)).getCellTextByColumnName();
    expect(versions['name'].text).toEqual(['fleet-v-1.2.3', 'fleet-v-1.2.4']);
    expect(versions['images'].text).toEqual(['registry/telematics:1.2.3', 'registry/telematics:1.2.4']);
  });

  it('says which list failed and shows an instance summary on demand', async () => {
    await openTab(/^Instances/);
    expect(text()).toContain('Instances could not be loaded: store down (ref r)');
    fixture.componentInstance['store'].instances.set([anInstance('c1')]);
    await fixture.whenStable();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button.link')?.click();
    http.expectOne((req) => req.url === '/v1alpha2/solutionversion/queue' && req.params.get('instance') === 'fleet-car-c1').flush(aSummaryResult('c1'));
    await fixture.whenStable();
    expect(text()).toContain('Deployment summary of fleet-car-c1');
    expect(text()).toContain('1/1 succeeded');
    expect(text()).toContain('8004');
  });
});
