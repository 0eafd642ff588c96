/** The `kind` column of the generic `symphony_objects` table. */
export const SymphonyKinds = { target: 'Target' } as const;
