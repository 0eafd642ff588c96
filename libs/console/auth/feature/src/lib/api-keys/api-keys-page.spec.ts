import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { anApiKey } from '@fleet/console/testing';
import { adminTestProviders } from '../testing';
import { ApiKeysPage } from './api-keys-page';

describe(ApiKeysPage.name, () => {
  let fixture: ComponentFixture<ApiKeysPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;
  const button = (id: string) => MatButtonHarness.with({ selector: `[data-testid="${id}"]` });
  const names = async () => (await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['name'].text;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: adminTestProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiKeysPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    http.expectOne('/api/api-keys').flush([anApiKey({ id: 'k1', name: 'ci' })]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('creates a key and shows it exactly once', async () => {
    await (await loader.getHarness(button('create-key'))).click();
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="key-name"]' }))).setValue('nightly job');
    await (await root.getHarness(button('key-submit'))).click();
    const post = http.expectOne('/api/api-keys');
    expect(post.request.body).toEqual({ name: 'nightly job', role: 'operator' });
    post.flush({ ...anApiKey({ id: 'k2', name: 'nightly job' }), key: 'fk_k2_secret' });
    await fixture.whenStable();
    expect(document.querySelector('[data-testid="created-key"]')?.textContent).toBe('fk_k2_secret');
    expect(await names()).toEqual(['ci', 'nightly job']);
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain('fk_k2_secret');
  });

  it('revokes a key after confirmation', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Revoke key ci"]' }))).click();
    await (await root.getHarness(button('confirm-revoke'))).click();
    http.expectOne((req) => req.method === 'DELETE' && req.url === '/api/api-keys/k1').flush(null, { status: 204, statusText: 'No Content' });
    expect(await (await loader.getHarness(MatTableHarness)).getRows()).toEqual([]);
  });
});
