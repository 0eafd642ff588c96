import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterRenderEffect,
  computed,
  input,
  model,
  viewChild,
} from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { LogLine } from '@fleet/shared/contracts';

export const TAIL_OPTIONS: readonly number[] = [50, 200, 500, 1000];

/** Log lines with a workload filter, tail size and follow switch; shows at most `maxLines` of the newest. */
@Component({
  selector: 'fleet-log-viewer',
  imports: [DatePipe, MatFormFieldModule, MatSelectModule, MatSlideToggleModule],
  templateUrl: './log-viewer.html',
  styleUrl: './log-viewer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogViewer {
  readonly lines = input.required<readonly LogLine[]>();
  /** Workload names offered in the filter. */
  readonly workloads = input<readonly string[]>([]);
  readonly maxLines = input(500);
  readonly error = input<string | null>(null);
  /** null: every workload. */
  readonly workload = model<string | null>(null);
  readonly tail = model(200);
  readonly follow = model(true);

  protected readonly tailOptions = TAIL_OPTIONS;
  protected readonly visible = computed(() => {
    const workload = this.workload();
    const lines = workload ? this.lines().filter((line) => line.workload === workload) : this.lines();
    return lines.length > this.maxLines() ? lines.slice(-this.maxLines()) : lines;
  });
  private readonly body = viewChild<ElementRef<HTMLElement>>('body');

  constructor() {
    afterRenderEffect(() => {
      const body = this.body()?.nativeElement;
      this.visible();
      if (body && this.follow()) body.scrollTop = body.scrollHeight;
    });
  }
}
