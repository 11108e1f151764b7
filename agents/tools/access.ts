/**
 * Who a turn acts for, resolved from the verified channel identity only (the
 * gateway's {@link TurnCustomer}), never from anything the person or a model wrote.
 */
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import type { CommerceBackend, CommerceCustomer, CustomerAddress, Merchant, Order } from '../commerce/types.ts';

export type Subject =
  | { kind: 'customer'; customer: CommerceCustomer }
  | { kind: 'merchant'; merchant: Merchant }
  | { kind: 'staff'; address: string }
  /** An anonymous web visitor: they must sign in on the site before any account is reached. */
  | { kind: 'guest' }
  /** A verified person the commerce system does not know: they see no records at all. */
  | { kind: 'unknown' };

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The addresses a customer turn may be looked up by, each of the kind its channel verified: the
 * number an SMS or WhatsApp came from; a signed-in web visitor's phone number and e-mail as the
 * site vouched for them, then their web id; a Slack user. The terminal chat is run by whoever has
 * the database on their machine, so its `--user` is taken as the kind it reads as. A guest has none.
 */
export function verifiedAddresses(identity: TurnCustomer): CustomerAddress[] {
  if (identity.guest) return [];
  const { channel, address } = identity;
  switch (channel) {
    case 'sms':
    case 'whatsapp':
      return [{ kind: 'phone', value: address }];
    case 'web': {
      const claimed: CustomerAddress[] = [];
      if (identity.claims?.phone) claimed.push({ kind: 'phone', value: identity.claims.phone });
      if (identity.claims?.email) claimed.push({ kind: 'email', value: identity.claims.email });
      return [...claimed, { kind: 'web', value: address }];
    }
    case 'slack':
      return [{ kind: 'slack', value: address }];
    case 'teams':
      return [{ kind: 'teams', value: address }];
    case 'cli':
      return [{ kind: E164.test(address) ? 'phone' : address.includes('@') ? 'email' : 'web', value: address }];
  }
}

/** Resolves the subject of a turn: a customer by their own verified address, a merchant by tenant, staff as staff. */
export async function resolveSubject(commerce: CommerceBackend, identity: TurnCustomer): Promise<Subject> {
  if (identity.guest) return { kind: 'guest' };
  if (identity.role === 'staff') return { kind: 'staff', address: identity.address };
  if (identity.role === 'merchant') {
    const merchant = identity.tenantId ? await commerce.merchantByTenant(identity.tenantId) : undefined;
    return merchant ? { kind: 'merchant', merchant } : { kind: 'unknown' };
  }
  for (const address of verifiedAddresses(identity)) {
    const customer = await commerce.customerByAddress(address);
    if (customer) return { kind: 'customer', customer };
  }
  return { kind: 'unknown' };
}

/** Why a subject that is not a customer gets no customer records: a guest must sign in; the rest say who they are not. */
export function refusalReasonFor(subject: Subject): 'sign_in' | 'unknown_customer' | 'not_for_role' {
  if (subject.kind === 'guest') return 'sign_in';
  return subject.kind === 'unknown' ? 'unknown_customer' : 'not_for_role';
}

/** Whether the subject may see an order: their own (customer), their store's (merchant), any (staff). */
export function canSeeOrder(subject: Subject, order: Order): boolean {
  switch (subject.kind) {
    case 'customer':
      return order.customerId === subject.customer.id;
    case 'merchant':
      return order.merchantId === subject.merchant.id;
    case 'staff':
      return true;
    case 'guest':
    case 'unknown':
      return false;
  }
}
