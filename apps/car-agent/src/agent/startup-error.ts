/** A start that cannot go on: reported as one `error:` line on stderr, exit code 2. */
export class StartupError extends Error {}

export const EXIT_OK = 0;
export const EXIT_CRASH = 1;
export const EXIT_BAD_START = 2;
export const EXIT_NAME_TAKEN = 3;
