/**
 * How urgent a ticket is, in words people read the same way. The stored `priority` is a sum:
 * 0 by default, plus what matching queue rules add, plus one for an SLA breach; higher is more
 * urgent. Shown as a number ("P2") it reads backwards to anyone used to P0 being the most urgent,
 * so the console and Slack show these words instead; the API serves both.
 */
export const PRIORITY_LABELS = ['normal', 'high', 'urgent'] as const;
export type PriorityLabel = (typeof PRIORITY_LABELS)[number];

export function priorityLabel(priority: number): PriorityLabel {
  if (priority >= 2) return 'urgent';
  return priority >= 1 ? 'high' : 'normal';
}
