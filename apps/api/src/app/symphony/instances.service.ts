import { ConflictException, Injectable } from '@nestjs/common';
import type { SymphonyInstance } from '@fleet/shared/contracts';
import {
  referenceToObjectName,
  validateInstance,
} from '@fleet/shared/symphony/util';
import { ReconcileTracker } from './reconcile-tracker';
import { notFound, throwIfInvalid } from './symphony-errors';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';

/** Instances with Symphony's checks: the SolutionVersion and a named Target exist, or a selector is given. */
@Injectable()
export class InstancesService {
  constructor(
    private readonly store: SymphonyStore,
    private readonly tracker: ReconcileTracker,
  ) {}

  list(): Promise<SymphonyInstance[]> {
    return this.store.list(SymphonyKinds.instance);
  }

  find(name: string): Promise<SymphonyInstance | null> {
    return this.store.get(SymphonyKinds.instance, name);
  }

  async get(name: string): Promise<SymphonyInstance> {
    const found = await this.find(name);
    if (!found) throw notFound('instance', name);
    return found;
  }

  async upsert(instance: SymphonyInstance): Promise<SymphonyInstance> {
    await this.validate(instance);
    return this.store.put(SymphonyKinds.instance, instance);
  }

  /**
   * Stores an Instance the fleet built itself from a SolutionVersion it has just looked up and a car's own
   * Target, without reading both again (two reads per car of a bulk update); the reconcile still resolves them.
   */
  storeChecked(instance: SymphonyInstance): Promise<SymphonyInstance> {
    return this.store.put(SymphonyKinds.instance, instance);
  }

  /** 400 with Symphony's messages unless the SolutionVersion and a named Target exist (or a selector is given). */
  async validate(instance: SymphonyInstance): Promise<void> {
    const [solution, target] = await Promise.all([
      instance.spec?.solution
        ? this.store.get(
            SymphonyKinds.solutionVersion,
            referenceToObjectName(instance.spec.solution),
          )
        : null,
      instance.spec?.target?.name
        ? this.store.get(SymphonyKinds.target, instance.spec.target.name)
        : null,
    ]);
    throwIfInvalid(
      validateInstance(instance, {
        solutionExists: () => solution !== null,
        targetExists: () => target !== null,
      }),
    );
  }

  /** Replaces the status (reconcile progress); keeps the generation. */
  setStatus(
    name: string,
    status: SymphonyInstance['status'],
  ): Promise<SymphonyInstance | null> {
    return this.store.setStatus(SymphonyKinds.instance, name, status);
  }

  /**
   * Replaces the status by what `next` makes of the current one, under the Instance's lock (a reconcile of it
   * writes under the same lock); `next` answers undefined to leave it. Null when nothing was written.
   */
  changeStatus(
    name: string,
    next: (
      status: SymphonyInstance['status'],
    ) => SymphonyInstance['status'] | undefined,
  ): Promise<SymphonyInstance | null> {
    return this.store.changeStatus(SymphonyKinds.instance, name, next);
  }

  /** Deletes the object only (its summary stays, e.g. the record of its removal); false when absent. */
  deleteObject(name: string): Promise<boolean> {
    return this.store.delete(SymphonyKinds.instance, name);
  }

  /** Also drops its deployment summary; 409 while a reconcile of it runs. */
  async delete(name: string): Promise<void> {
    await this.get(name);
    if (this.tracker.isRunning(name))
      throw new ConflictException(
        `instance ${name} is being deployed; try again when it is done`,
      );
    await this.store.delete(SymphonyKinds.instance, name);
    await this.store.delete(SymphonyKinds.summary, name);
  }
}
