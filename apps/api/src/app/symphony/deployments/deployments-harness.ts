import { updatesHarness } from '../../../testing/updates/updates-harness';
import type { DeploymentClaims } from '../../cluster/deployment-claims';
import { TimeoutConfirmer } from '../reconcile/timeout-confirmer';
import { HistoryCorrections } from './history-corrections.service';
import { InstanceDeployments } from './instance-deployments.service';
import { InstanceRemoval } from './instance-removal.service';

/** The `/v1alpha2/instances` services over the updates harness (real Symphony core, fake cars). */
export async function deploymentsHarness(
  options: {
    timeoutSeconds?: number;
    concurrency?: number;
    /** Several replicas: this replica's claims on cars' deployments (none: one replica). */
    claims?: DeploymentClaims;
  } = {},
) {
  const h = updatesHarness({ claims: options.claims });
  // `concurrency` reaches the removal (it reads it when it runs), not the reconciler, whose slots are already built.
  const symphony = h.config.get('symphony');
  symphony.timeoutSeconds = options.timeoutSeconds ?? symphony.timeoutSeconds;
  symphony.concurrency = options.concurrency ?? symphony.concurrency;
  await h.seed();
  h.carsReportInstalledVersions();
  const deployments = new InstanceDeployments(
    h.instances,
    h.solutions,
    h.targets,
    h.summaries,
    h.reconciler,
    h.registry,
    h.history,
    h.runner,
    h.clock,
    options.claims,
  );
  const removal = new InstanceRemoval(
    h.instances,
    h.solutions,
    h.targets,
    h.summaries,
    h.provider,
    h.tracker,
    h.clock,
    h.config,
  );
  const confirmer = new TimeoutConfirmer(
    h.provider,
    h.reconciler,
    h.summaries,
    h.instances,
    h.solutions,
    h.targets,
    h.clock,
    h.config,
  );
  const corrections = new HistoryCorrections(
    confirmer,
    h.history,
    h.runner,
    h.clock,
  );
  return { ...h, confirmer, corrections, deployments, removal };
}
