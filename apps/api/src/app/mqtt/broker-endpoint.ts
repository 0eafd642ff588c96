export const BROKER_ENDPOINT = Symbol('BROKER_ENDPOINT');

/** Where the broker is: the embedded aedes (closed with the app) or an external one. */
export interface BrokerEndpoint {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}
