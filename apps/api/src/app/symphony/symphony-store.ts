import { Injectable } from '@nestjs/common';
import { SYMPHONY_DEFAULT_NAMESPACE } from '@fleet/shared/contracts';
import type { ObjectMeta } from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { SymphonyObjectsRepository } from '../database/symphony-objects.repository';
import type { SymphonyObjectKey } from '../database/symphony-objects.repository';
import type { SymphonyObjectEntity } from '../database/symphony-object.entity';
import { KeyedLock } from './keyed-lock';
import type { SymphonyKind } from './symphony-kinds';

/** Any Symphony object: `{metadata, spec, status?}`. */
export interface SymphonyObject {
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

export const namespaceOf = (object: { metadata: ObjectMeta }): string =>
  object.metadata.namespace || SYMPHONY_DEFAULT_NAMESPACE;

/**
 * Symphony objects of every kind in the generic `symphony_objects` table. As Symphony's state store does,
 * a write bumps `objGeneraion` (and `etag`) only when the spec, labels or annotations change; status
 * writes keep the generation. Writes of one object are serialized.
 */
@Injectable()
export class SymphonyStore {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly objects: SymphonyObjectsRepository,
    private readonly clock: Clock,
  ) {}

  async list<T extends SymphonyObject>(
    kind: SymphonyKind,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<T[]> {
    const rows = await this.objects.findByKind(kind, namespace);
    return rows.map((row) => row.body as T);
  }

  async get<T extends SymphonyObject>(
    kind: SymphonyKind,
    name: string,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<T | null> {
    const row = await this.objects.find({ kind, namespace, name });
    return (row?.body as T | undefined) ?? null;
  }

  /** Creates or replaces the object (keeping its status unless given); answers it as stored. */
  put<T extends SymphonyObject>(kind: SymphonyKind, object: T): Promise<T> {
    const key = {
      kind,
      namespace: namespaceOf(object),
      name: object.metadata.name,
    };
    return this.lock.run(lockKey(key), async () =>
      this.write(key, await this.objects.find(key), object),
    );
  }

  /**
   * Replaces the object by what `next` makes of the stored one (null when absent), reading it once: a
   * read-modify-write of one object (e.g. a deployment summary) without a second read inside `put`.
   */
  modify<T extends SymphonyObject>(
    kind: SymphonyKind,
    name: string,
    next: (previous: T | null) => T,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<T> {
    const key = { kind, namespace, name };
    return this.lock.run(lockKey(key), async () => {
      const existing = await this.objects.find(key);
      const object = next((existing?.body as T | undefined) ?? null);
      return this.write(key, existing, object);
    });
  }
  /** Replaces the status only; null when the object does not exist. */
  setStatus<T extends SymphonyObject>(
    kind: SymphonyKind,
    name: string,
    status: unknown,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<T | null> {
    return this.changeStatus<T>(kind, name, () => status, namespace);
  }

  /**
   * Replaces the status by what `next` makes of the stored one, read and written under the object's lock; null
   * when the object does not exist or `next` answers undefined (nothing written).
   */
  changeStatus<T extends SymphonyObject>(
    kind: SymphonyKind,
    name: string,
    next: (status: T['status']) => unknown,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<T | null> {
    const key = { kind, namespace, name };
    return this.lock.run(lockKey(key), async () => {
      const existing = await this.objects.find(key);
      if (!existing) return null;
      const status = next((existing.body as T).status);
      if (status === undefined) return null;
      const body = { ...(existing.body as T), status } as T;
      await this.objects.save({
        ...existing,
        body,
        updatedAt: this.clock.nowIso(),
      });
      return body;
    });
  }

  delete(
    kind: SymphonyKind,
    name: string,
    namespace = SYMPHONY_DEFAULT_NAMESPACE,
  ): Promise<boolean> {
    const key = { kind, namespace, name };
    return this.lock.run(lockKey(key), () => this.objects.delete(key));
  }

  private async write<T extends SymphonyObject>(
    key: SymphonyObjectKey,
    existing: SymphonyObjectEntity | null,
    object: T,
  ): Promise<T> {
    const previous = existing?.body as T | undefined;
    const changed = !previous || contentChanged(previous, object);
    const generation = (existing?.generation ?? 0) + (changed ? 1 : 0);
    const status = object.status ?? previous?.status;
    const body = {
      ...object,
      metadata: {
        ...object.metadata,
        namespace: key.namespace,
        objGeneraion: generation,
        etag: String(generation),
      },
      ...(status === undefined ? {} : { status }),
    } as T;
    const now = this.clock.nowIso();
    await this.objects.save({
      ...key,
      body,
      generation,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    return body;
  }
}

function lockKey(key: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}

function contentChanged(a: SymphonyObject, b: SymphonyObject): boolean {
  return (
    JSON.stringify(a.spec ?? null) !== JSON.stringify(b.spec ?? null) ||
    JSON.stringify(a.metadata.labels ?? {}) !==
      JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.metadata.annotations ?? {}) !==
      JSON.stringify(b.metadata.annotations ?? {})
  );
}
