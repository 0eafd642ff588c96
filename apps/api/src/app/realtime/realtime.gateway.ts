import { Logger, Optional } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  isAnkaiosName,
  REALTIME_PATH,
  roleAtLeast,
} from '@fleet/shared/contracts';
import type {
  Ack,
  ClientToServerListeners,
  LogSubscription,
  ServerEventName,
  ServerEvents,
  ServerToClientListeners,
} from '@fleet/shared/contracts';
import type { Server, Socket } from 'socket.io';
import { Authenticator } from '../auth/authenticator';
import { HandshakeSocket, socketAuthMiddleware } from '../auth/socket-auth';
import { CarRegistry } from '../cars/car-registry';
import { isRecord } from '../mqtt/payload-guards';
import { CarLogsService } from './car-logs.service';
import { ClusterRelay } from './cluster-relay';
import { summarizeFleet } from './fleet-summary';
import { logRoom } from './log-rooms';

type FleetServer = Server<ClientToServerListeners, ServerToClientListeners>;
type FleetSocket = Socket<ClientToServerListeners, ServerToClientListeners>;
type Emitter = { emit(event: string, payload: unknown): boolean };

/** Each socket may follow this many car logs at once. */
export const MAX_LOG_SUBSCRIPTIONS = 50;

/** The console's socket.io endpoint (`/ws`). Every server event goes out through `send`. */
@WebSocketGateway({ path: REALTIME_PATH })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private readonly server?: FleetServer;

  constructor(
    private readonly registry: CarRegistry,
    private readonly logs: CarLogsService,
    private readonly authenticator: Authenticator,
    @Optional() private readonly relay?: ClusterRelay,
  ) {}

  /** Clients authenticate with `auth: {token}` (JWT or API key); others get `connect_error` and never join. */
  afterInit(server: FleetServer): void {
    server.use(socketAuthMiddleware(this.authenticator));
    // Other replicas' events, for this replica's clients only.
    this.relay?.incoming$.subscribe(({ event, payload }) =>
      (server as unknown as Emitter).emit(event, payload),
    );
  }

  handleConnection(socket: FleetSocket): void {
    const { user, expiresAt } = (socket.data ?? {}) as HandshakeSocket['data'];
    if (!user) {
      // Only reachable if the middleware was bypassed; refuse all the same.
      socket.disconnect(true);
      return;
    }
    if (expiresAt) disconnectAt(socket, expiresAt);
    this.logger.log(`client ${socket.id} connected (${user.username})`);
    this.send('fleet.summary', summarizeFleet(this.registry.all()), socket.id);
  }

  /**
   * Emits to every client, or to one room (a socket id is a room of its own). A room nobody is in gets nothing:
   * socket.io encodes a packet before it looks for the room's members, and every car's log batch goes to its
   * log rooms (2.4 % of the API's main thread in a 3,000-car update with no log subscriber).
   */
  send<E extends ServerEventName>(
    event: E,
    payload: ServerEvents[E],
    room?: string,
  ): void {
    if (room === undefined) this.relay?.publish(event, payload);
    if (!this.server) return;
    if (
      room !== undefined &&
      !this.server.sockets.adapter.rooms.get(room)?.size
    )
      return;
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
    const user = (socket.data as HandshakeSocket['data'] | undefined)?.user;
    if (!user || !roleAtLeast(user.role, 'viewer'))
      return { ok: false, error: 'log subscriptions need the viewer role' };
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

/** A token's socket ends when the token does (setTimeout holds at most ~24.8 days; tokens last at most 7). */
function disconnectAt(socket: FleetSocket, expiresAt: number): void {
  const timer = setTimeout(
    () => socket.disconnect(true),
    Math.max(0, expiresAt - Date.now()),
  );
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
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
