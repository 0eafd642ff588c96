import { ComponentHarness } from '@angular/cdk/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';

export class RolloutStatusHarness extends ComponentHarness {
  static hostSelector = 'fleet-rollout-status';

  async getStatus(): Promise<string | null> {
    return (await this.host()).getAttribute('data-status');
  }

  async getLabel(): Promise<string> {
    return (await this.locatorFor('.label')()).text();
  }
}

/** One stage's progress: its status, the bar's value and the legend's counts by bucket. */
export class StageProgressHarness extends ComponentHarness {
  static hostSelector = 'fleet-stage-progress';

  readonly getBar = this.locatorFor(MatProgressBarHarness);

  async getName(): Promise<string | null> {
    return (await this.host()).getAttribute('data-stage');
  }

  async getStatus(): Promise<string | null> {
    return (await this.host()).getAttribute('data-status');
  }

  /** Bucket -> count, for the buckets the legend shows. */
  async getCounts(): Promise<Record<string, number>> {
    const items = await this.locatorForAll('.legend li')();
    const entries = await Promise.all(
      items.map(async (li) => [((await li.getAttribute('data-testid')) ?? '').replace(/^bucket-/, ''), Number(await li.getAttribute('data-count'))]),
    );
    return Object.fromEntries(entries);
  }

  /** Clicks the legend's count of `bucket` (which asks for the stage's cars in that bucket). */
  async clickBucket(bucket: string): Promise<void> {
    await (await this.locatorFor(`[data-testid="bucket-${bucket}"] button`)()).click();
  }

  async getText(): Promise<string> {
    return (await this.host()).text();
  }
}
