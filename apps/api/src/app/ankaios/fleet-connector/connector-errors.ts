/** No answer within the wait. */
export class ConnectorTimeoutError extends Error {}
/** Too many requests already wait for this car (or for all cars). */
export class ConnectorBusyError extends Error {}
/** The request could not be handed to the broker. */
export class ConnectorUnreachableError extends Error {}
