import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { aRolloutView, aStageView } from '@fleet/console/testing';
import type { RolloutView } from '@fleet/shared/contracts';
import type { RolloutAction, RolloutActor } from './rollout-actions';
import { RolloutControls } from './rollout-controls';

@Component({
  imports: [RolloutControls],
  template: `<fleet-rollout-controls [rollout]="rollout()" [actor]="actor()" [busy]="busy()" [compact]="compact()" (action)="actions.push($event)" />`,
})
class Host {
  readonly rollout = signal<RolloutView>(aRolloutView({ status: 'running', stages: [aStageView({ status: 'running' }), aStageView({ index: 1, name: 'berlin' })] }));
  readonly actor = signal<RolloutActor | null>({ username: 'olga', canOperate: true, isAdmin: false });
  readonly busy = signal(false);
  readonly compact = signal(false);
  readonly actions: RolloutAction[] = [];
}

describe(RolloutControls.name, () => {
  let fixture: ComponentFixture<Host>;
  const buttons = () => TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatButtonHarness);
  const texts = async () => Promise.all((await buttons()).map((b) => b.getText()));

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(Host);
  });

  it('shows the commands of a running rollout and emits the one clicked', async () => {
    expect(await texts()).toEqual(['pausePause', 'skip_nextNext stage now', 'historyRoll back', 'cancelCancel']);
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness.with({ selector: '[data-testid="rollout-pause"]' }))).click();
    expect(fixture.componentInstance.actions).toEqual(['pause']);
  });

  it('follows the status and the role', async () => {
    fixture.componentInstance.rollout.set(aRolloutView({ status: 'paused', stages: [aStageView({ status: 'running' })] }));
    expect(await texts()).toEqual(['play_circleResume', 'historyRoll back', 'cancelCancel']);
    fixture.componentInstance.actor.set({ username: 'vic', canOperate: false, isAdmin: false });
    expect(await buttons()).toEqual([]);
  });

  it('offers a second admin the approval of a pending start', async () => {
    fixture.componentInstance.rollout.set(
      aRolloutView({ status: 'awaiting-approval', createdBy: 'olga', pendingApproval: { action: 'start', requestedBy: 'olga', requestedAt: '', stageIndex: null } }),
    );
    fixture.componentInstance.actor.set({ username: 'root', canOperate: true, isAdmin: true });
    expect(await texts()).toEqual(['how_to_regApprove start', 'cancelCancel']);
  });

  it('disables every command while one is in flight, and shows icons when compact', async () => {
    fixture.componentInstance.busy.set(true);
    fixture.componentInstance.compact.set(true);
    const all = await buttons();
    expect(await Promise.all(all.map((b) => b.isDisabled()))).toEqual([true, true, true, true]);
    expect(await (await all[0].host()).getAttribute('aria-label')).toBe('Pause 1.2.4 rollout');
  });
});
