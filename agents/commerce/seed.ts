/**
 * The demo commerce data: a few customers in several markets and currencies,
 * three merchants reachable from their Teams tenants, and orders in every state
 * the assistant talks about. Dates are day offsets from the day the data is
 * first seeded, so "your next payment" is always in the future of a fresh demo.
 */
import type { CommerceCustomer, Merchant, OrderStatus, InstalmentStatus, RefundStatus } from './types.ts';

export interface SeedCustomer extends CommerceCustomer {
  /** Extra verified addresses (web user ids) that reach the customer, besides phone and e-mail. */
  aliases: string[];
  card: { last4: string; brand: string };
}

export interface SeedOrder {
  id: string;
  customerId: string;
  merchantId: string;
  placedDay: number;
  total: number;
  status: OrderStatus;
  items: { name: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  estimatedDay?: number;
  deliveredDay?: number;
  /** Instalments of the order's payment plan: amount, due day, status. */
  plan?: { amount: number; dueDay: number; status: InstalmentStatus }[];
  refund?: { amount: number; status: RefundStatus; day: number };
  returnReceived?: number;
}

export const DEMO_MERCHANTS: Merchant[] = [
  { id: 'm-nordic', name: 'Nordic Outdoor AB', tenantId: '7b1c6f2e-5a3d-4c4e-9f10-00000000a001', market: 'SE' },
  { id: 'm-berlin', name: 'Berlin Sneakers GmbH', tenantId: '7b1c6f2e-5a3d-4c4e-9f10-00000000a002', market: 'DE' },
  { id: 'm-london', name: 'London Tech Ltd', tenantId: '7b1c6f2e-5a3d-4c4e-9f10-00000000a003', market: 'GB' },
];

export const DEMO_CUSTOMERS: SeedCustomer[] = [
  { id: 'c-astrid', name: 'Astrid Lindqvist', market: 'SE', currency: 'SEK', phone: '+46701234567', email: 'astrid@example.se', aliases: ['web-astrid'], card: { last4: '4242', brand: 'Visa' } },
  { id: 'c-lukas', name: 'Lukas Meyer', market: 'DE', currency: 'EUR', phone: '+4915112345678', email: 'lukas@example.de', aliases: ['web-lukas'], card: { last4: '1881', brand: 'Mastercard' } },
  { id: 'c-emma', name: 'Emma de Vries', market: 'NL', currency: 'EUR', phone: '+31612345678', email: 'emma@example.nl', aliases: ['web-emma'], card: { last4: '5005', brand: 'Visa' } },
  { id: 'c-oliver', name: 'Oliver Smith', market: 'GB', currency: 'GBP', phone: '+447700900123', email: 'oliver@example.co.uk', aliases: ['web-oliver'], card: { last4: '7310', brand: 'Visa' } },
  { id: 'c-nora', name: 'Nora Hansen', market: 'NO', currency: 'NOK', phone: '+4791234567', email: 'nora@example.no', aliases: ['web-nora'], card: { last4: '2468', brand: 'Mastercard' } },
  { id: 'c-mia', name: 'Mia Johnson', market: 'US', currency: 'USD', phone: '+14155550123', email: 'mia@example.com', aliases: ['web-mia'], card: { last4: '9012', brand: 'Visa' } },
];

export const DEMO_ORDERS: SeedOrder[] = [
  // Astrid (SE): a returned order awaiting its refund, one on its way, one paid in three.
  { id: '1042', customerId: 'c-astrid', merchantId: 'm-nordic', placedDay: -20, total: 1299, status: 'returned', items: [{ name: 'Trail running shoes', quantity: 1 }], carrier: 'PostNord', trackingNumber: 'PN104200001SE', deliveredDay: -16, refund: { amount: 1299, status: 'processing', day: 3 }, returnReceived: -2 },
  { id: '1043', customerId: 'c-astrid', merchantId: 'm-nordic', placedDay: -3, total: 849, status: 'shipped', items: [{ name: 'Down jacket', quantity: 1 }], carrier: 'PostNord', trackingNumber: 'PN104300001SE', estimatedDay: 2 },
  { id: '1044', customerId: 'c-astrid', merchantId: 'm-london', placedDay: -35, total: 2397, status: 'delivered', items: [{ name: 'Wireless headphones', quantity: 1 }, { name: 'Charging case', quantity: 1 }], carrier: 'DHL', trackingNumber: 'DHL1044000SE', deliveredDay: -25, plan: [{ amount: 799, dueDay: -35, status: 'paid' }, { amount: 799, dueDay: 5, status: 'scheduled' }, { amount: 799, dueDay: 35, status: 'scheduled' }] },
  // Lukas (DE): pay-in-30 sneakers, and an expensive TV (a dispute over the threshold goes to a person).
  { id: '2001', customerId: 'c-lukas', merchantId: 'm-berlin', placedDay: -12, total: 189.9, status: 'delivered', items: [{ name: 'Leather sneakers', quantity: 1 }], carrier: 'DHL', trackingNumber: 'DHL2001000DE', deliveredDay: -9, plan: [{ amount: 189.9, dueDay: 18, status: 'scheduled' }] },
  { id: '2002', customerId: 'c-lukas', merchantId: 'm-london', placedDay: -25, total: 640, status: 'delivered', items: [{ name: '55" television', quantity: 1 }], carrier: 'DPD', trackingNumber: 'DPD2002000DE', deliveredDay: -20, plan: [{ amount: 213.34, dueDay: -25, status: 'paid' }, { amount: 213.33, dueDay: 5, status: 'scheduled' }, { amount: 213.33, dueDay: 35, status: 'scheduled' }] },
  // Emma (NL): an order still being prepared.
  { id: '3001', customerId: 'c-emma', merchantId: 'm-berlin', placedDay: -1, total: 59.95, status: 'processing', items: [{ name: 'Canvas sneakers', quantity: 1 }], estimatedDay: 4, plan: [{ amount: 59.95, dueDay: 29, status: 'scheduled' }] },
  // Oliver (GB): an overdue instalment.
  { id: '4001', customerId: 'c-oliver', merchantId: 'm-london', placedDay: -32, total: 320, status: 'delivered', items: [{ name: 'Smart watch', quantity: 1 }], carrier: 'Royal Mail', trackingNumber: 'RM400100GB', deliveredDay: -29, plan: [{ amount: 106.67, dueDay: -32, status: 'paid' }, { amount: 106.67, dueDay: -2, status: 'overdue' }, { amount: 106.66, dueDay: 28, status: 'scheduled' }] },
  // Nora (NO): a refunded order.
  { id: '5001', customerId: 'c-nora', merchantId: 'm-nordic', placedDay: -40, total: 1499, status: 'returned', items: [{ name: 'Hiking backpack', quantity: 1 }], carrier: 'Posten', trackingNumber: 'PO500100NO', deliveredDay: -36, refund: { amount: 1499, status: 'refunded', day: -10 }, returnReceived: -14 },
  // Mia (US): on its way.
  { id: '7001', customerId: 'c-mia', merchantId: 'm-london', placedDay: -2, total: 249, status: 'shipped', items: [{ name: 'Mechanical keyboard', quantity: 1 }], carrier: 'UPS', trackingNumber: '1Z7001000US', estimatedDay: 3, plan: [{ amount: 62.25, dueDay: -2, status: 'paid' }, { amount: 62.25, dueDay: 12, status: 'scheduled' }, { amount: 62.25, dueDay: 26, status: 'scheduled' }, { amount: 62.25, dueDay: 40, status: 'scheduled' }] },
];
