import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { aFleetVersion } from '@fleet/console/testing';
import { VersionsStore } from './versions-store';

describe(VersionsStore.name, () => {
  let http: HttpTestingController;
  let store: VersionsStore;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(VersionsStore);
  });

  afterEach(() => http.verify());

  it('loads the versions once and indexes them', () => {
    store.ensureLoaded();
    store.ensureLoaded();
    http.expectOne('/api/versions').flush([aFleetVersion('1.3.0'), aFleetVersion('1.2.4')]);
    expect(store.versions().map((v) => v.version)).toEqual(['1.3.0', '1.2.4']);
    expect(store.byVersion().get('1.2.4')?.reference).toBe('fleet:1.2.4');
  });

  it('tries again after a failed load', () => {
    store.ensureLoaded();
    http.expectOne('/api/versions').error(new ProgressEvent('error'), { status: 0 });
    expect(store.error()).toBe('API unreachable');
    store.ensureLoaded();
    http.expectOne('/api/versions').flush([]);
    expect(store.error()).toBeNull();
  });
});
