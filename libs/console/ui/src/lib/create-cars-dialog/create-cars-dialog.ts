import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type ValidatorFn } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { REGION_PATTERN, type CreateCarsDto } from '@fleet/shared/contracts';

export interface CreateCarsDialogData {
  /** Regions offered in the autocomplete; any other lower-case word may be typed. */
  regions: readonly string[];
}

export const MAX_CARS_PER_BATCH = 100;

/** Required, and the API's region rule; surrounding blanks are forgiven (trimmed on submit). */
const regionKey: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  if (!value) return { required: true };
  return REGION_PATTERN.test(value) ? null : { pattern: true };
};

/** Asks for a region, a count (1-100) and an optional model; closes with the `POST /api/cars/batch` body. */
@Component({
  selector: 'fleet-create-cars-dialog',
  imports: [MatAutocompleteModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './create-cars-dialog.html',
  styleUrl: './create-cars-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateCarsDialog {
  private readonly dialogRef = inject<MatDialogRef<CreateCarsDialog, CreateCarsDto>>(MatDialogRef);
  private readonly data = inject<CreateCarsDialogData | null>(MAT_DIALOG_DATA, { optional: true });

  protected readonly maxCount = MAX_CARS_PER_BATCH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    region: ['', [regionKey]],
    count: [1, [Validators.required, Validators.min(1), Validators.max(MAX_CARS_PER_BATCH), Validators.pattern(/^\d+$/)]],
    model: ['', [Validators.maxLength(64)]],
  });
  private readonly regionText = toSignal(this.form.controls.region.valueChanges, { initialValue: '' });
  protected readonly regionOptions = computed(() => {
    const typed = this.regionText().trim().toLowerCase();
    return (this.data?.regions ?? ['munich', 'berlin']).filter((region) => region.includes(typed) && region !== typed);
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { region, count, model } = this.form.getRawValue();
    const body: CreateCarsDto = { region: region.trim(), count: Number(count) };
    if (model.trim()) body.model = model.trim();
    this.dialogRef.close(body);
  }
}
