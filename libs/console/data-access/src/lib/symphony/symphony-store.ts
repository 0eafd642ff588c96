import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal, type OnDestroy } from '@angular/core';
import type {
  SummaryResult,
  SymphonyInstance,
  SymphonySolution,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import { Subscription } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { ListState } from '../api/list-state';
import { SymphonyApi } from './symphony-api';

export type SummaryView =
  | { instance: string; status: 'loading' }
  | { instance: string; status: 'none' }
  | { instance: string; status: 'error'; error: string }
  | { instance: string; status: 'ready'; result: SummaryResult };

/** The Symphony objects of the Symphony page (solutions, versions, targets, instances), each list with its own error; one instance's summary on demand. */
@Injectable()
export class SymphonyStore implements OnDestroy {
  private readonly api = inject(SymphonyApi);
  private readonly subscriptions = new Subscription();
  private summarySub: Subscription | null = null;
  private readonly summaryState = signal<SummaryView | null>(null);

  readonly solutions = new ListState<SymphonySolution>();
  readonly versions = new ListState<SymphonySolutionVersion>();
  readonly targets = new ListState<SymphonyTarget>();
  readonly instances = new ListState<SymphonyInstance>();
  readonly summary = this.summaryState.asReadonly();

  loadAll(): void {
    this.subscriptions.add(this.solutions.load(this.api.solutions()).subscribe());
    this.subscriptions.add(this.versions.load(this.api.solutionVersions()).subscribe());
    this.subscriptions.add(this.targets.load(this.api.targets()).subscribe());
    this.subscriptions.add(this.instances.load(this.api.instances()).subscribe());
  }

  showSummary(instance: string): void {
    this.summarySub?.unsubscribe();
    this.summaryState.set({ instance, status: 'loading' });
    this.summarySub = this.api.summary(instance).subscribe({
      next: (result) => this.summaryState.set({ instance, status: 'ready', result }),
      error: (error: unknown) =>
        this.summaryState.set(
          error instanceof HttpErrorResponse && error.status === 404
            ? { instance, status: 'none' }
            : { instance, status: 'error', error: apiErrorMessage(error) },
        ),
    });
  }

  /** Ends pending requests (the page is leaving). */
  ngOnDestroy(): void {
    this.subscriptions.unsubscribe();
    this.summarySub?.unsubscribe();
  }
}
