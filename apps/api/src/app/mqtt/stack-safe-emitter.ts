/** The parts of mqemitter (v7, aedes' message bus) that `makeStackSafe` works with. */
interface MqEmitterInternals {
  current: number;
  _doing: boolean;
  _messageQueue: unknown[];
  _messageCallbacks: unknown[];
  _released(): void;
  _do(message: unknown, done: unknown): unknown;
}

/** Messages started one inside the other before the rest of the queue waits for the next turn of the loop. */
export const MAX_NESTED_DELIVERIES = 64;

/**
 * mqemitter starts each message queued beyond its concurrency from inside the completion of the one before: when
 * every subscriber of a message completes at once (clients' QoS 0 deliveries, no in-process subscriber), each
 * queued message adds to the stack. A few thousand cars dropping at once (their last wills) overflowed it and
 * killed the API ("Maximum call stack size exceeded"; mcollina/mqemitter#204, moscajs/aedes#193). Here the
 * MAX_NESTED_DELIVERIES-th nested start puts its message back at the head of the queue and keeps its slot until
 * setImmediate, which starts the queue again: the stack unwinds, and messages still start in the order they came.
 */
export function makeStackSafe(mq: unknown): void {
  const emitter = mq as MqEmitterInternals;
  if (
    typeof emitter?._do !== 'function' ||
    typeof emitter._released !== 'function' ||
    !Array.isArray(emitter._messageQueue) ||
    !Array.isArray(emitter._messageCallbacks) ||
    typeof emitter.current !== 'number'
  )
    throw new Error('the broker’s mqemitter is not the expected version (7)');
  const start = emitter._do.bind(emitter);
  let depth = 0;
  emitter._do = (message, done) => {
    if (depth >= MAX_NESTED_DELIVERIES) {
      emitter._messageQueue.unshift(message);
      emitter._messageCallbacks.unshift(done);
      emitter._doing = true;
      emitter.current++; // held until the queue starts again (`_released` gives it back)
      setImmediate(() => emitter._released());
      return emitter;
    }
    depth++;
    try {
      return start(message, done);
    } finally {
      depth--;
    }
  };
}
