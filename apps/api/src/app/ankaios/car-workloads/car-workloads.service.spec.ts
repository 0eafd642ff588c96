import { NotFoundException } from '@nestjs/common';
import {
  ankaiosHarness,
  desiredState,
  running,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import {
  executionState,
  logLine,
  workloadReport,
} from '../../../testing/factories';
import { instanceIdOf } from '../fleet-state/car-mirror';
import { CarWorkloadsService } from './car-workloads.service';

const CAR = 'car-1';
const OLD = 'image: ghcr.io/fleet-ota/nav:1.2.3\n';
const NEW = 'image: ghcr.io/fleet-ota/nav:1.2.4\n';

async function setup() {
  const h = ankaiosHarness();
  await h.onlineCar(CAR);
  return h;
}

describe(CarWorkloadsService.name, () => {
  describe('workloads', () => {
    it('lists each instance with runtime, image, version, policy, dependencies, state and health', async () => {
      const { mirror, workloads, clock } = await setup();
      const desired = desiredState({
        nav: workloadSpec(CAR, 'ghcr.io/fleet-ota/nav:1.2.3', {
          restartPolicy: 'ON_FAILURE',
          dependencies: { telematics: 'ADD_COND_RUNNING' },
        }),
        telematics: workloadSpec(CAR, 'ghcr.io/fleet-ota/telematics:1.2.3'),
      });
      const navId = instanceIdOf(OLD);
      mirror.applyStateAnswer(
        CAR,
        sdkAnswer(CAR, desired, {}),
        clock.now().getTime(),
      );
      mirror.applyReport(
        CAR,
        workloadReport(CAR, {
          workloadStates: {
            telematics: { t1: running() },
            nav: { [navId]: executionState('Pending', 'WaitingToStart') },
          },
          health: { telematics: 'healthy' },
          at: '2026-01-01T00:01:00.000Z',
        }),
      );

      expect(workloads.workloads(CAR)).toEqual([
        {
          name: 'nav',
          instanceId: navId,
          runtime: 'podman',
          image: 'ghcr.io/fleet-ota/nav:1.2.3',
          version: '1.2.3',
          restartPolicy: 'ON_FAILURE',
          dependencies: { telematics: 'ADD_COND_RUNNING' },
          executionState: executionState('Pending', 'WaitingToStart'),
          display: 'Pending(WaitingToStart)',
          health: 'unknown',
        },
        expect.objectContaining({
          name: 'telematics',
          image: 'ghcr.io/fleet-ota/telematics:1.2.3',
          display: 'Running(Ok)',
          health: 'healthy',
        }),
      ]);
    });

    it('shows the old image for the old instance while an update replaces it', async () => {
      const { mirror, workloads, clock } = await setup();
      const at = () => clock.now().getTime();
      const v1 = desiredState({
        nav: workloadSpec(CAR, 'ghcr.io/fleet-ota/nav:1.2.3'),
      });
      const v2 = desiredState({
        nav: workloadSpec(CAR, 'ghcr.io/fleet-ota/nav:1.2.4'),
      });
      mirror.applyStateAnswer(
        CAR,
        sdkAnswer(CAR, v1, { nav: { [instanceIdOf(OLD)]: running() } }),
        at(),
      );
      clock.advance(1000);

      mirror.applyStateAnswer(
        CAR,
        sdkAnswer(CAR, v2, {
          nav: {
            [instanceIdOf(OLD)]: executionState('Stopping', 'Stopping'),
            [instanceIdOf(NEW)]: executionState('Pending', 'Starting'),
          },
        }),
        at(),
      );

      const rows = workloads.workloads(CAR);
      expect(rows.map((r) => [r.version, r.display]).sort()).toEqual([
        ['1.2.3', 'Stopping(Stopping)'],
        ['1.2.4', 'Pending(Starting)'],
      ]);
    });

    it('shows AgentDisconnected with unknown health while the car is offline', async () => {
      const { mirror, workloads, offline } = await setup();
      mirror.applyReport(
        CAR,
        workloadReport(CAR, {
          workloadStates: { nav: { n: running() } },
          health: { nav: 'healthy' },
        }),
      );

      offline(CAR);

      expect(workloads.workloads(CAR)).toEqual([
        expect.objectContaining({
          display: 'AgentDisconnected',
          health: 'unknown',
          runtime: '',
        }),
      ]);
    });

    it('answers 404 for an unknown car', async () => {
      const { workloads } = await setup();
      expect(() => workloads.workloads('ghost')).toThrow(NotFoundException);
    });
  });

  describe('logLines', () => {
    it('answers the last `tail` lines after `since` of one workload, oldest first', async () => {
      const { workloads, logs } = await setup();
      logs.append(
        CAR,
        Array.from({ length: 10 }, (_, i) =>
          logLine(CAR, {
            workload: i % 2 ? 'nav' : 'telematics',
            at: `2026-01-01T00:00:0${i}.000Z`,
            message: `line ${i}`,
          }),
        ),
      );

      const all = workloads.logLines(CAR, { tail: 1000 });
      const lastThree = workloads.logLines(CAR, { tail: 3 });
      const navAfter4 = workloads.logLines(CAR, {
        tail: 1000,
        workload: 'nav',
        since: '2026-01-01T00:00:04.000Z',
      });

      expect(all).toHaveLength(10);
      expect(lastThree.map((l) => l.message)).toEqual([
        'line 7',
        'line 8',
        'line 9',
      ]);
      expect(navAfter4.map((l) => l.message)).toEqual([
        'line 5',
        'line 7',
        'line 9',
      ]);
    });

    it('answers 404 for an unknown car', async () => {
      const { workloads } = await setup();
      expect(() => workloads.logLines('ghost', {})).toThrow(NotFoundException);
    });
  });
});
