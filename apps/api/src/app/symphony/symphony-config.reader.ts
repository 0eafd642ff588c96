import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type {
  ConfigDocument,
  SymphonyConfigInput,
} from '@fleet/shared/symphony/util';

export const SOLUTION_FILE = 'solution.json';
export const SOLUTION_VERSIONS_DIR = 'solutionversions';

/** Reads `symphony-config/`: the Solution container file and every `solutionversions/*.json`. */
@Injectable()
export class SymphonyConfigReader {
  /** Null when the folder does not exist. Throws on unreadable files (the caller logs and skips seeding). */
  read(dir: string): SymphonyConfigInput | null {
    if (!existsSync(dir)) return null;
    const versionsDir = join(dir, SOLUTION_VERSIONS_DIR);
    const versionFiles = existsSync(versionsDir)
      ? readdirSync(versionsDir)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    const solutionPath = join(dir, SOLUTION_FILE);
    return {
      solutions: existsSync(solutionPath)
        ? [document(SOLUTION_FILE, solutionPath)]
        : [],
      solutionVersions: versionFiles.map((f) =>
        document(`${SOLUTION_VERSIONS_DIR}/${f}`, join(versionsDir, f)),
      ),
    };
  }
}

function document(source: string, path: string): ConfigDocument {
  const text = readFileSync(path, 'utf8');
  try {
    return { source, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { source, json: `not JSON: ${(error as Error).message}` };
  }
}
