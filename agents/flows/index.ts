/**
 * Every flow, in the order their own words are checked before the classifier:
 * a double charge, a dispute-status question, a declined payment, a complaint,
 * an unrecognised charge, a vague account or payment problem, cancelling an order, a
 * question about what the assistant does, and a bare "why (not)?". A new flow
 * is a new file and a line here.
 */
import { accountProblemFlow } from './account-problem.ts';
import { asksWhyFlow } from './asks-why.ts';
import { cancelOrderFlow } from './cancel-order.ts';
import { capabilitiesFlow } from './capabilities.ts';
import { complaintFlow } from './complaint.ts';
import { declinedPaymentFlow } from './declined-payment.ts';
import { disputeStatusFlow } from './dispute-status.ts';
import { paymentProblemFlow } from './payment-problem.ts';
import { doubleChargeFlow } from './double-charge.ts';
import type { Flow } from './types.ts';
import { unrecognisedChargeFlow } from './unrecognised-charge.ts';

export const FLOWS: readonly Flow[] = [doubleChargeFlow, disputeStatusFlow, declinedPaymentFlow, complaintFlow, unrecognisedChargeFlow, accountProblemFlow, paymentProblemFlow, cancelOrderFlow, capabilitiesFlow, asksWhyFlow];

/** The flow that runs for an intent, if one does (otherwise its route's specialist answers). */
export function flowFor(intent: string): Flow | undefined {
  return FLOWS.find((flow) => flow.intent === intent);
}

/** The flow a message's own words call for, before any classifier. */
export function recogniseFlow(text: string, language: string): Flow | undefined {
  return FLOWS.find((flow) => flow.recognise?.(text, language));
}
