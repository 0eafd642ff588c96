import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule, type FormArray } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { scheduleGroup, selectStartMode, WEEKDAY_OPTIONS, windowGroup, type StartMode, type WindowGroup } from './wizard-form';
import { errorText } from './wizard-validators';

const FALLBACK_ZONES = ['Europe/Berlin', 'Europe/London', 'UTC', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];

function timeZones(): readonly string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? FALLBACK_ZONES;
}

/** Maintenance windows per region (local time of a zone), the start (now, at a time, or a draft) and approvals. */
@Component({
  selector: 'fleet-schedule-step',
  imports: [
    MatAutocompleteModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './schedule-step.html',
  styleUrl: './wizard-steps.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScheduleStep {
  readonly windows = input.required<FormArray<WindowGroup>>();
  readonly schedule = input.required<ReturnType<typeof scheduleGroup>>();
  readonly regions = input<readonly string[]>([]);

  protected readonly days = WEEKDAY_OPTIONS;
  protected readonly err = errorText;
  private readonly zones = timeZones();

  protected addWindow(): void {
    const used = new Set(this.windows().controls.map((w) => w.controls.region.value));
    this.windows().push(windowGroup(this.regions().find((r) => !used.has(r)) ?? ''));
  }

  protected removeWindow(index: number): void {
    this.windows().removeAt(index);
  }

  protected setMode(mode: StartMode): void {
    selectStartMode(this.schedule(), mode);
  }

  protected zonesLike(typed: string): readonly string[] {
    const text = typed.trim().toLowerCase();
    return this.zones.filter((z) => z.toLowerCase().includes(text)).slice(0, 20);
  }
}
