import { CarTopics } from '@fleet/shared/contracts';
import type { AgentStatusMessage } from '@fleet/shared/contracts';
import type { Logger } from '../logging/logger';
import { isAgentStatusMessage } from '../messages/guards';
import { parseJson } from '../messages/parse-json';
import type { IncomingMessage } from '../mqtt/transport';
import type { Clock, TimerHandle } from './clock';

export const PRESENCE_WAIT_MS = 500;

export type PresenceVerdict = 'free' | 'taken';

export interface PresenceEvents {
  /** An offline status replaced our retained online status; called only after we announced. */
  reassert(): void;
  /** Another instance announced itself earlier than we did: we are the duplicate. */
  yieldName(): void;
}

/**
 * Keeps one agent per name on the broker (real Ankaios does not check; we do).
 *
 * Right after each connect the agent reads the retained status of its own topic (up to 500 ms); an
 * online status with a foreign instanceId means the name is taken and the agent leaves with exit
 * code 3 before announcing anything. A crashed agent's last will marks its status offline, so a
 * supervisor restart is not refused.
 *
 * The topic stays subscribed afterwards:
 * - two agents that passed the check at the same moment see each other's announcement and agree on
 *   who yields (the earlier announcement wins; ties go to the smaller instanceId);
 * - an offline status that is not from a stop of ours (a refused duplicate leaving, a crashed
 *   duplicate's last will, or the late will of our own previous connection after a session
 *   takeover) would leave the retained status wrong, so the agent announces itself again.
 *
 * Residual race: when both announcements are lost (e.g. the broker restarts in between) or a
 * duplicate connects while the owner is disconnected, both may stay online until the next
 * reconnect or until the API sends a `refuse` command naming the instance to leave.
 */
export class Presence {
  private waiter: ((verdict: PresenceVerdict) => void) | null = null;
  private announced: AgentStatusMessage | null = null;

  constructor(
    private readonly name: string,
    readonly instanceId: string,
    private readonly subscribe: (topics: string[]) => Promise<boolean>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly events: PresenceEvents,
  ) {}

  get topic(): string {
    return CarTopics.status(this.name);
  }

  status(online: boolean): AgentStatusMessage {
    return { name: this.name, online, instanceId: this.instanceId, at: this.clock.now().toISOString() };
  }

  async check(waitMs = PRESENCE_WAIT_MS): Promise<PresenceVerdict> {
    this.announced = null;
    let timer: TimerHandle | undefined;
    const verdict = new Promise<PresenceVerdict>((resolve) => {
      this.waiter = resolve;
      timer = this.clock.setTimeout(() => resolve('free'), waitMs);
    });
    await this.subscribe([this.topic]);
    const result = await verdict;
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.waiter = null;
    return result;
  }

  /** Records the online status just published; comparisons with other instances use it. */
  markAnnounced(status: AgentStatusMessage): void {
    this.announced = status;
  }

  handle(message: IncomingMessage): void {
    const parsed = parseJson(message.payload);
    if (!parsed.ok || !isAgentStatusMessage(parsed.value)) {
      if (message.payload.length > 0) this.logger.warn('dropped a malformed status message');
      return;
    }
    const status = parsed.value;
    const foreign = status.instanceId !== this.instanceId;
    if (this.waiter) {
      if (foreign && status.online) this.waiter('taken');
      else if (message.retained) this.waiter('free');
      return;
    }
    if (!this.announced) return;
    if (!status.online) {
      this.logger.info('an offline status replaced ours; announcing again', { other: status.instanceId });
      this.events.reassert();
    } else if (!foreign) {
      return;
    } else if (announcedEarlier(status, this.announced)) {
      this.logger.warn('another agent with this name announced itself first', { other: status.instanceId });
      this.events.yieldName();
    } else {
      this.logger.warn('another agent with this name announced itself after us', { other: status.instanceId });
    }
  }
}

function announcedEarlier(a: AgentStatusMessage, b: AgentStatusMessage): boolean {
  return a.at < b.at || (a.at === b.at && a.instanceId < b.instanceId);
}
