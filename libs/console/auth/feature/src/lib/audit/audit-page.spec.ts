import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { anAuditEntry, aPage } from '@fleet/console/testing';
import { adminTestProviders } from '../testing';
import { AUDIT_FILTER_DEBOUNCE_MS, AuditPage } from './audit-page';

describe(AuditPage.name, () => {
  let fixture: ComponentFixture<AuditPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const audit = (): TestRequest => http.expectOne((req) => req.url === '/api/audit');

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: adminTestProviders('operator') });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  afterEach(() => http.verify());

  it('shows the newest entries and pages through the rest', async () => {
    const first = audit();
    expect(first.request.params.toString()).toBe('page=1&pageSize=50');
    first.flush(aPage([anAuditEntry({ action: 'DELETE /api/cars/:id', targetId: 'c1', statusCode: 204 })], { total: 120, pageSize: 50 }));
    await fixture.whenStable();
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['action'].text).toEqual(['DELETE /api/cars/:id']);
    expect(cells['target'].text).toEqual(['c1']);
    await (await loader.getHarness(MatPaginatorHarness)).goToNextPage();
    expect(audit().request.params.get('page')).toBe('2');
  });

  it('filters by actor and action once the typing settles', async () => {
    audit().flush(aPage([], { pageSize: 50 }));
    await fixture.whenStable();
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="audit-actor"]' }))).setValue('ada');
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="audit-action"]' }))).setValue('POST');
    await new Promise((r) => setTimeout(r, AUDIT_FILTER_DEBOUNCE_MS + 50));
    const req = audit();
    expect(req.request.params.toString()).toBe('actor=ada&action=POST&page=1&pageSize=50');
  });
});
