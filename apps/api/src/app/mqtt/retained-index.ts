import { Readable } from 'node:stream';
import aedesMemoryPersistence from 'aedes-persistence';
import type { AedesMemoryPersistence } from 'aedes-persistence';

interface RetainedPacket {
  topic: string;
  payload: Buffer | string;
}

/** The two methods of aedes' persistence this wrapper changes (aedes calls storeRetained without a callback). */
export interface RetainedMethods {
  storeRetained(packet: RetainedPacket, cb?: (error?: Error | null) => void): unknown;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const isPattern = (topic: string) => topic.includes('+') || topic.includes('#');

/**
 * aedes' memory persistence answers every SUBSCRIBE by testing the pattern against every retained message:
 * with one retained status per car, each car's connect cost O(cars) and a 10,000-car fleet connected at ~20
 * cars/s. Subscriptions to exact topics (all a car makes) are answered here from a topic index; wildcard
 * patterns still take aedes' scan. Retained messages stay where aedes keeps them as well.
 */
export function indexedRetainedPersistence(
  persistence: AedesMemoryPersistence = aedesMemoryPersistence(),
): AedesMemoryPersistence {
  const methods = persistence as unknown as RetainedMethods;
  const byTopic = new Map<string, RetainedPacket>();
  const store = methods.storeRetained.bind(persistence);
  const scan = methods.createRetainedStreamCombi.bind(persistence);
  methods.storeRetained = (packet, cb) => {
    if (packet.payload.length === 0) byTopic.delete(packet.topic);
    else byTopic.set(packet.topic, { ...packet });
    return store(packet, cb);
  };
  methods.createRetainedStreamCombi = (patterns) => {
    const wildcards = patterns.filter(isPattern);
    const exact: RetainedPacket[] = [];
    for (const topic of patterns) {
      const packet = isPattern(topic) ? undefined : byTopic.get(topic);
      if (packet) exact.push(packet);
    }
    if (wildcards.length === 0) return Readable.from(exact);
    return Readable.from(concat(exact, scan(wildcards)));
  };
  return persistence;
}

async function* concat(first: RetainedPacket[], rest: Readable): AsyncGenerator<RetainedPacket> {
  yield* first;
  for await (const packet of rest) yield packet as RetainedPacket;
}
