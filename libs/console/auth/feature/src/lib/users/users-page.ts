import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { AdminApi, AuthSession, ListState } from '@fleet/console/data-access';
import { ConfirmDialog, type ConfirmDialogData } from '@fleet/console/ui';
import type { CreateUserDto, Role, UserView } from '@fleet/shared/contracts';
import { filter, switchMap } from 'rxjs';
import { AdminNotifier } from '../shared/notifier';
import { ROLE_OPTIONS } from '../shared/role-options';
import { CreateUserDialog } from './create-user-dialog';

/** `/admin/users` (admin): every user with their role; create, change role, delete. */
@Component({
  selector: 'fleet-users-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatSelectModule, MatTableModule],
  templateUrl: './users-page.html',
  styleUrl: '../shared/admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(AdminNotifier);
  protected readonly list = new ListState<UserView>();
  protected readonly roles = ROLE_OPTIONS;
  protected readonly columns = ['username', 'role', 'createdAt', 'updatedAt', 'actions'];
  /** Admins do not demote or delete themselves from here (the API keeps the last admin anyway). */
  private readonly session = inject(AuthSession);
  protected readonly me = computed(() => this.session.user()?.username ?? null);

  constructor() {
    this.list.load(this.api.users()).subscribe();
  }

  protected create(): void {
    this.dialog
      .open<CreateUserDialog, void, CreateUserDto>(CreateUserDialog)
      .afterClosed()
      .pipe(
        filter((body): body is CreateUserDto => body !== undefined),
        switchMap((body) => this.api.createUser(body)),
      )
      .subscribe({
        next: (user) => {
          this.list.update((users) => [...users, user]);
          this.notifier.info(`Created ${user.username} (${user.role})`);
        },
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  protected changeRole(user: UserView, role: Role): void {
    this.api.updateUser(user.username, { role }).subscribe({
      next: (changed) => this.replace(changed),
      error: (error: unknown) => {
        this.notifier.error(error);
        this.replace({ ...user });
      },
    });
  }

  protected remove(user: UserView): void {
    const data: ConfirmDialogData = {
      title: `Delete user ${user.username}?`,
      message: 'Their sessions end at once.',
      confirmLabel: 'Delete',
      confirmTestId: 'confirm-delete-user',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        filter((yes) => yes === true),
        switchMap(() => this.api.deleteUser(user.username)),
      )
      .subscribe({
        next: () => this.list.update((users) => users.filter((u) => u.username !== user.username)),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private replace(user: UserView): void {
    this.list.update((users) => users.map((u) => (u.username === user.username ? user : u)));
  }
}
