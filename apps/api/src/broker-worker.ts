/**
 * The embedded MQTT broker's thread (a second entry of the API's bundle): the cars' connections, their
 * packets and acknowledgements are handled here, beside the API's HTTP and WebSocket traffic instead of on
 * its one thread. See app/mqtt/broker-thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostBroker } from './app/mqtt/broker-thread/broker-host';
import type { BrokerThreadOptions } from './app/mqtt/broker-thread/protocol';

if (!parentPort)
  throw new Error('broker-worker runs as a worker thread of the API');
void hostBroker(parentPort, workerData as BrokerThreadOptions);
