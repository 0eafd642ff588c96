import { RolloutError } from './errors';
import type { EngineClock, FleetView, VersionInfo } from './ports';

/** The update store's answers about versions, kept a while: every pass needs the compatible models. */
export class VersionCache {
  private readonly entries = new Map<
    string,
    { info: VersionInfo | null; at: number }
  >();

  constructor(
    private readonly fleet: FleetView,
    private readonly clock: EngineClock,
    private readonly maxAgeMs: number,
  ) {}

  /** 404 for a version the update store does not know; always asks afresh. */
  async require(version: string): Promise<VersionInfo> {
    const info = await this.get(version, true);
    if (!info)
      throw new RolloutError('not-found', `version ${version} not found`);
    return info;
  }

  /** A failed lookup keeps the last answer. */
  async get(version: string, fresh = false): Promise<VersionInfo | null> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(version);
    if (cached && !fresh && now - cached.at < this.maxAgeMs) return cached.info;
    const info = await this.fleet
      .version(version)
      .catch(() => cached?.info ?? null);
    if (this.entries.size >= 1000) this.entries.clear();
    this.entries.set(version, { info, at: now });
    return info;
  }
}
