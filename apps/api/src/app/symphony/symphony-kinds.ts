/** The `kind` column of the generic `symphony_objects` table. */
export const SymphonyKinds = {
  activation: 'Activation',
  campaign: 'Campaign',
  campaignVersion: 'CampaignVersion',
  instance: 'Instance',
  solution: 'Solution',
  solutionVersion: 'SolutionVersion',
  /** A deployment summary (`SummaryResult`), named after its Instance. */
  summary: 'Summary',
  target: 'Target',
  /** A deployment step whose answer did not come in time (`<instance>~<target>`): unknown until confirmed. */
  unconfirmed: 'Unconfirmed',
} as const;

export type SymphonyKind = (typeof SymphonyKinds)[keyof typeof SymphonyKinds];
