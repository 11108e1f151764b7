/**
 * Who a turn acts for, resolved from the verified channel identity only (the
 * gateway's {@link TurnCustomer}), never from anything the person or a model wrote.
 */
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import type { CommerceBackend, CommerceCustomer, Merchant, Order } from '../commerce/types.ts';

export type Subject =
  | { kind: 'customer'; customer: CommerceCustomer }
  | { kind: 'merchant'; merchant: Merchant }
  | { kind: 'staff'; address: string }
  /** A verified person the commerce system does not know: they see no records at all. */
  | { kind: 'unknown' };

/** Resolves the subject of a turn: a customer by their own address, a merchant by tenant, staff as staff. */
export async function resolveSubject(commerce: CommerceBackend, identity: TurnCustomer): Promise<Subject> {
  if (identity.role === 'staff') return { kind: 'staff', address: identity.address };
  if (identity.role === 'merchant') {
    const merchant = identity.tenantId ? await commerce.merchantByTenant(identity.tenantId) : undefined;
    return merchant ? { kind: 'merchant', merchant } : { kind: 'unknown' };
  }
  const customer = await commerce.customerByAddress(identity.address);
  return customer ? { kind: 'customer', customer } : { kind: 'unknown' };
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
    case 'unknown':
      return false;
  }
}
