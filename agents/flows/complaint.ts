/**
 * A complaint ("I want to file a complaint, nobody helps me"): acknowledged,
 * and handed to a person as frustration. Nothing is opened or changed: a
 * complaint is not a dispute unless the customer says dispute.
 */
import { hasSignal } from '../signals.ts';
import type { Flow } from './types.ts';

export const complaintFlow: Flow = {
  intent: 'complaint',
  recognise: (text, language) => hasSignal('complaint', text, language) && !hasSignal('dispute', text, language),
  run: async () => ({ outcome: 'resolved', answers: [{ key: 'complaint.acknowledged' }], escalate: 'frustration' }),
};
