import {
  CoaState,
  FleetProviderState,
  MQTT_TARGET_PROVIDER,
} from '@fleet/shared/contracts';

/** Why the MQTT target provider got no answer; `coaState` is the code recorded for it. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly coaState: number,
  ) {
    super(message);
  }
}

/** No answer within the timeout: the car may be offline, or slower than its worst case. */
export class ProviderTimeoutError extends ProviderError {
  constructor(
    target: string,
    readonly method: string,
    seconds: number,
  ) {
    super(
      `no answer from ${target} to ${method} within ${seconds} s`,
      method === 'POST' ? CoaState.MqttApplyTimeout : CoaState.TimedOut,
    );
  }
}

export class ProviderBusyError extends ProviderError {
  constructor(limit: number) {
    super(
      `${limit} COA requests already wait for answers; try again later`,
      FleetProviderState.NotSent,
    );
  }
}

export class ProviderConfigError extends ProviderError {
  constructor(target: string) {
    super(
      `target ${target} has no ${MQTT_TARGET_PROVIDER} binding with request and response topics`,
      CoaState.BadConfig,
    );
  }
}

export class ProviderPublishError extends ProviderError {
  constructor(target: string, cause: string) {
    super(
      `could not send the request to ${target}: ${cause}`,
      FleetProviderState.NotSent,
    );
  }
}
