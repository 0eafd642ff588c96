import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { isAnkaiosName, REALTIME_PATH } from '@fleet/shared/contracts';
import type {
  Ack,
  ClientToServerListeners,
  LogSubscription,
  ServerEventName,
  ServerEvents,
  ServerToClientListeners,
} from '@fleet/shared/contracts';
import type { Server, Socket } from 'socket.io';
import { CarRegistry } from '../cars/car-registry';
import { isRecord } from '../mqtt/payload-guards';
import { CarLogsService } from './car-logs.service';
import { summarizeFleet } from './fleet-summary';
import { logRoom } from './log-rooms';

type FleetServer = Server<ClientToServerListeners, ServerToClientListeners>;
type FleetSocket = Socket<ClientToServerListeners, ServerToClientListeners>;
type Emitter = { emit(event: string, payload: unknown): boolean };

/** Each socket may follow this many car logs at once. */
export const MAX_LOG_SUBSCRIPTIONS = 50;

/** The console's socket.io endpoint (`/ws`). Every server event goes out through `send`. */
@WebSocketGateway({ path: REALTIME_PATH })
export class RealtimeGateway implements OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private readonly server?: FleetServer;

  constructor(
    private readonly registry: CarRegistry,
    private readonly logs: CarLogsService,
  ) {}

  handleConnection(socket: FleetSocket): void {
    // Authentication belongs here once the console has a login: check socket.handshake and disconnect on failure.
    this.logger.log(`client ${socket.id} connected`);
    this.send('fleet.summary', summarizeFleet(this.registry.all()), socket.id);
  }

  /** Emits to every client, or to one room (a socket id is a room of its own). */
  send<E extends ServerEventName>(
    event: E,
    payload: ServerEvents[E],
    room?: string,
  ): void {
    if (!this.server) return;
    const target = (room === undefined
      ? this.server
      : this.server.to(room)) as unknown as Emitter;
    target.emit(event, payload);
  }

  /** Joins the car's log room and sends the lines kept so far. */
  @SubscribeMessage('logs.subscribe')
  async subscribeLogs(
    @ConnectedSocket() socket: FleetSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    const subscription = asSubscription(body);
    if (!subscription)
      return { ok: false, error: 'expected {carId, workload?}' };
    const { carId, workload } = subscription;
    if (!this.registry.has(carId))
      return { ok: false, error: `car ${carId} not found` };
    // socket.rooms always holds the socket's own room.
    if (socket.rooms.size > MAX_LOG_SUBSCRIPTIONS)
      return {
        ok: false,
        error: `at most ${MAX_LOG_SUBSCRIPTIONS} log subscriptions`,
      };
    await socket.join(logRoom(carId, workload));
    this.send(
      'car.logs',
      { carId, lines: this.logs.recent(carId, workload) },
      socket.id,
    );
    return { ok: true };
  }

  @SubscribeMessage('logs.unsubscribe')
  async unsubscribeLogs(
    @ConnectedSocket() socket: FleetSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    const subscription = asSubscription(body);
    if (!subscription)
      return { ok: false, error: 'expected {carId, workload?}' };
    await socket.leave(logRoom(subscription.carId, subscription.workload));
    return { ok: true };
  }
}

function asSubscription(body: unknown): LogSubscription | null {
  if (!isRecord(body) || !isAnkaiosName(body['carId'])) return null;
  const workload = body['workload'];
  if (workload !== undefined && !isAnkaiosName(workload)) return null;
  return {
    carId: body['carId'],
    ...(workload === undefined ? {} : { workload }),
  };
}
