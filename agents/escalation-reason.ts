/**
 * Why a conversation goes to a person. Its own file so what only names a reason (a proposed
 * action that escalates after the answer) need not import the escalation policy, which
 * reaches the signals and the renderer: no import circle.
 */
export type EscalationReason =
  | 'requested_human'
  | 'stolen_card'
  | 'fraud_suspected'
  | 'frustration'
  | 'dispute_over_limit'
  | 'repeated_failure';
