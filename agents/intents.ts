/**
 * The intents the assistant recognises and the specialist (route) each belongs
 * to. The offline classifier is trained on `models/offline/data/intents.jsonl`,
 * whose labels are exactly these.
 */

export const ROUTES = ['payments', 'refunds', 'disputes', 'orders', 'account', 'general'] as const;
export type Route = (typeof ROUTES)[number];

export const INTENT_ROUTES = {
  payment_schedule: 'payments',
  pay_now: 'payments',
  extend_due_date: 'payments',
  refund_status: 'refunds',
  report_return: 'refunds',
  dispute_purchase: 'disputes',
  unrecognised_charge: 'disputes',
  stolen_card: 'disputes',
  order_status: 'orders',
  delivery_tracking: 'orders',
  personal_details: 'account',
  card_block: 'account',
  login_help: 'account',
  customer_lookup: 'account',
  greeting: 'general',
  thanks: 'general',
  policy_question: 'general',
  human_agent: 'general',
  out_of_scope: 'general',
  affirm: 'general',
  deny: 'general',
} as const satisfies Record<string, Route>;

export type Intent = keyof typeof INTENT_ROUTES;
export const INTENTS = Object.keys(INTENT_ROUTES) as Intent[];

export function isIntent(value: string): value is Intent {
  return Object.hasOwn(INTENT_ROUTES, value);
}

/**
 * Intents that a flow recognises by its own words before the classifier runs
 * (`agents/flows/`), and the specialist area each belongs to. They are not
 * classifier labels.
 */
export const FLOW_ROUTES = {
  complaint: 'general',
  double_charge: 'disputes',
  dispute_status: 'disputes',
  declined_payment: 'payments',
  account_problem: 'account',
  payment_problem: 'payments',
  cancel_order: 'orders',
  capabilities: 'general',
  asks_why: 'general',
} as const satisfies Record<string, Route>;

export type FlowIntent = keyof typeof FLOW_ROUTES;
/** Every intent a turn can be about: the classifier's and the flows'. */
export type AnyIntent = Intent | FlowIntent;

export function isAnyIntent(value: string): value is AnyIntent {
  return isIntent(value) || Object.hasOwn(FLOW_ROUTES, value);
}

/** The specialist area of an intent (`general` for anything unknown). */
export function routeOf(intent: string): Route {
  if (isIntent(intent)) return INTENT_ROUTES[intent];
  if (Object.hasOwn(FLOW_ROUTES, intent)) return FLOW_ROUTES[intent as FlowIntent];
  return 'general';
}

/** Intents a clarifying question may offer: the ones a person would pick from a menu. */
export const MENU_INTENTS: readonly Intent[] = [
  'payment_schedule', 'extend_due_date', 'pay_now', 'refund_status', 'order_status', 'delivery_tracking', 'report_return',
  'dispute_purchase', 'unrecognised_charge', 'card_block', 'login_help', 'personal_details', 'human_agent',
];
