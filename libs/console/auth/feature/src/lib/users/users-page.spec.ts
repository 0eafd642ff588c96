import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import type { HarnessLoader } from '@angular/cdk/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { aUser } from '@fleet/console/testing';
import { adminTestProviders } from '../testing';
import { UsersPage } from './users-page';

describe(UsersPage.name, () => {
  let fixture: ComponentFixture<UsersPage>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;
  const button = (id: string) => MatButtonHarness.with({ selector: `[data-testid="${id}"]` });
  const usernames = async () => (await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['username'].text;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: adminTestProviders('admin', 'ada') });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    http.expectOne('/api/users').flush([aUser('ada', 'admin'), aUser('vic', 'viewer')]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the users', async () => {
    expect(await usernames()).toEqual(['ada', 'vic']);
  });

  it('creates a user from the dialog', async () => {
    await (await loader.getHarness(button('create-user'))).click();
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="user-username"]' }))).setValue('olga');
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="user-password"]' }))).setValue('long enough password');
    const role = await root.getHarness(MatSelectHarness.with({ selector: '[data-testid="user-role-select"]' }));
    await role.open();
    await role.clickOptions({ text: /^Operator/ });
    await (await root.getHarness(button('user-submit'))).click();
    const post = http.expectOne('/api/users');
    expect(post.request.body).toEqual({ username: 'olga', password: 'long enough password', role: 'operator' });
    post.flush(aUser('olga', 'operator'));
    expect(await usernames()).toEqual(['ada', 'vic', 'olga']);
  });

  it('keeps Create disabled until the dialog form is valid', async () => {
    await (await loader.getHarness(button('create-user'))).click();
    const submit = await root.getHarness(button('user-submit'));
    expect(await submit.isDisabled()).toBe(true);
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="user-username"]' }))).setValue('olga');
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="user-password"]' }))).setValue('short');
    expect(await submit.isDisabled()).toBe(true);
    await (await root.getHarness(MatInputHarness.with({ selector: '[data-testid="user-password"]' }))).setValue('long enough password');
    expect(await submit.isDisabled()).toBe(false);
    http.expectNone('/api/users');
  });

  it('changes a role and shows the API refusal', async () => {
    const [, vicRole] = await loader.getAllHarnesses(MatSelectHarness);
    await vicRole.open();
    await vicRole.clickOptions({ text: 'admin' });
    const patch = http.expectOne('/api/users/vic');
    expect(patch.request.body).toEqual({ role: 'admin' });
    patch.flush({ statusCode: 409, message: 'nope', correlationId: 'r' }, { status: 409, statusText: 'Conflict' });
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('nope (ref r)');
  });

  it('does not let the admin demote or delete themselves', async () => {
    const [ownRole] = await loader.getAllHarnesses(MatSelectHarness);
    expect(await ownRole.isDisabled()).toBe(true);
    const deletes = await loader.getAllHarnesses(MatButtonHarness.with({ selector: '[aria-label^="Delete user"]' }));
    expect(await Promise.all(deletes.map((d) => d.isDisabled()))).toEqual([true, false]);
  });
});
