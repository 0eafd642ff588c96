import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../messages/parse-json';
import { isPersistedState, PersistedState } from './persisted-state';

export const STATE_FILE_NAME = 'state.json';

export type LoadResult =
  | { kind: 'absent' }
  | { kind: 'loaded'; state: PersistedState }
  | { kind: 'corrupt'; error: string };

/** The agent's state file in its run folder, written atomically (temp file, fsync, rename). */
export class StateFile {
  readonly path: string;

  constructor(readonly folder: string) {
    this.path = join(folder, STATE_FILE_NAME);
  }

  ensureFolder(): void {
    mkdirSync(this.folder, { recursive: true });
  }

  load(): LoadResult {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      return { kind: 'corrupt', error: String(error) };
    }
    const parsed = parseJson(text);
    if (!parsed.ok) return { kind: 'corrupt', error: parsed.error };
    if (!isPersistedState(parsed.value)) return { kind: 'corrupt', error: 'unexpected content' };
    return { kind: 'loaded', state: parsed.value };
  }

  save(state: PersistedState): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify(state, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }
}
