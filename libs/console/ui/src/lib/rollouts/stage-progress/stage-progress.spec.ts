import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { aStageView, counts } from '@fleet/console/testing';
import type { CarBucket, RolloutStageView } from '@fleet/shared/contracts';
import { StageProgressHarness } from '../rollouts.harness';
import { StageProgress, type ReasonCount } from './stage-progress';

@Component({
  imports: [StageProgress],
  template: `<fleet-stage-progress [stage]="stage()" [waitingReasons]="reasons()" (showCars)="shown.push($event)" />`,
})
class Host {
  readonly stage = signal<RolloutStageView>(aStageView());
  readonly reasons = signal<ReasonCount[]>([]);
  readonly shown: CarBucket[] = [];
}

describe(StageProgress.name, () => {
  let fixture: ComponentFixture<Host>;
  const harness = () => TestbedHarnessEnvironment.loader(fixture).getHarness(StageProgressHarness);

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(Host);
  });

  it('fills the bar with the settled share and lists the counts of every bucket that holds cars', async () => {
    fixture.componentInstance.stage.set(
      aStageView({ name: 'munich', status: 'running', total: 8, counts: counts({ succeeded: 3, failed: 1, soaking: 2, waiting: 1, unreachable: 1 }) }),
    );
    const stage = await harness();
    expect(await stage.getName()).toBe('munich');
    expect(await stage.getStatus()).toBe('running');
    expect(await (await stage.getBar()).getValue()).toBe(50);
    expect(await stage.getCounts()).toEqual({ succeeded: 3, soaking: 2, waiting: 1, unreachable: 1, failed: 1 });
    expect(await stage.getText()).toContain('4 of 8 cars done');
  });

  it('shows succeeded and failed even at zero, and an empty stage at 0 %', async () => {
    const stage = await harness();
    expect(await (await stage.getBar()).getValue()).toBe(0);
    expect(await stage.getCounts()).toEqual({ succeeded: 0, failed: 0 });
  });

  it('says why cars wait and why the stage stands where it does', async () => {
    fixture.componentInstance.stage.set(aStageView({ status: 'failed', total: 2, counts: counts({ failed: 2 }), reason: '2 of 2 cars failed (threshold 0%)' }));
    fixture.componentInstance.reasons.set([{ reason: 'driving', count: 2 }]);
    const text = await (await harness()).getText();
    expect(text).toContain('Waiting: driving (2)');
    expect(text).toContain('2 of 2 cars failed (threshold 0%)');
  });

  it("asks for the stage's cars of a bucket when its count is clicked", async () => {
    fixture.componentInstance.stage.set(aStageView({ status: 'running', total: 3, counts: counts({ waiting: 2, succeeded: 1 }) }));
    const stage = await harness();
    await stage.clickBucket('waiting');
    await stage.clickBucket('failed');
    expect(fixture.componentInstance.shown).toEqual(['waiting', 'failed']);
  });
});
