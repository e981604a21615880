/** Field rules and descriptions shared by the finance DTOs. */

export const MONEY = { scale: 2, integerDigits: 16 } as const;
/** The states of a share rule's position, the same words in the API, webhooks and the document. */
export const SURPLUS_STATES = ['below', 'warning', 'above', 'pain_share'];

/** What a return's (and a rule's) answer says about the evaluation jobs it asked for. */
export const EVALUATION_JOBS =
  'The evaluations this asked for, one per provider and share rule in force (none without rules): poll each at GET /v1/partnerships/{partnershipId}/jobs/{id}. One the rules cannot complete ends `failed` with the reason, and its evaluation is listed by GET …/share-evaluations?status=failed.';
