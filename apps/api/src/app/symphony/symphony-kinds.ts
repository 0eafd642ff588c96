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
} as const;

export type SymphonyKind = (typeof SymphonyKinds)[keyof typeof SymphonyKinds];
