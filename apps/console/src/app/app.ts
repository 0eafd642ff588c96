import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthSession, FleetSummaryStore } from '@fleet/console/data-access';
import { ConnectionIndicator, FleetSummaryBar } from '@fleet/console/ui';
import { EmergencyStop } from './emergency-stop';
import { NAV_ITEMS } from './nav';

@Component({
  selector: 'app-root',
  imports: [
    ConnectionIndicator,
    FleetSummaryBar,
    MatButtonModule,
    MatIconModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly session = inject(AuthSession);
  protected readonly fleet = inject(FleetSummaryStore);
  protected readonly emergency = inject(EmergencyStop);
  /** Only the sections the user's role may open. */
  protected readonly nav = computed(() => (this.session.user() ? NAV_ITEMS.filter((item) => this.session.can(item.role)) : []));
}
