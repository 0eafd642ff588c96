import { Subject, filter } from 'rxjs';
import type { ClusterBus, ClusterMessage } from './cluster-bus';

/** The broker between in-process replicas (unit tests): every message reaches every other replica. */
export class InMemoryClusterHub {
  readonly messages = new Subject<ClusterMessage>();
  readonly published: ClusterMessage[] = [];
  /** false: publishes fail, as with a broker that is down. */
  up = true;

  busFor(replicaId: string): ClusterBus {
    const { messages, published } = this;
    const isUp = () => this.up;
    return {
      open: () => undefined,
      get connected() {
        return isUp();
      },
      on: (topic: string) =>
        messages.pipe(filter((m) => m.topic === topic && m.from !== replicaId)),
      onPrefix: (prefix: string) =>
        messages.pipe(
          filter((m) => m.topic.startsWith(prefix) && m.from !== replicaId),
        ),
      publish: async (topic: string, body: Record<string, unknown>) => {
        if (!isUp()) throw new Error('broker down');
        // Through JSON, as over the broker.
        const message = {
          topic,
          from: replicaId,
          body: JSON.parse(JSON.stringify(body)),
        };
        published.push(message);
        setImmediate(() => messages.next(message));
      },
    } as unknown as ClusterBus;
  }
}
