/**
 * The commerce backend of a real deployment: a small REST API (contract in
 * `openapi.yaml`) at `COMMERCE_API_URL`. Every response is validated; a 404 is
 * "not there", anything else that fails is a {@link CommerceError}.
 */
import { z } from 'zod';
import { CommerceError, type ActionOptions, type CommerceBackend } from './types.ts';

const money = z.object({ amount: z.number(), currency: z.string().length(3) });
const customer = z.object({ id: z.string(), name: z.string(), market: z.string(), currency: z.string(), phone: z.string(), email: z.string() });
const merchant = z.object({ id: z.string(), name: z.string(), tenantId: z.string(), market: z.string() });
const order = z.object({
  id: z.string(), customerId: z.string(), merchantId: z.string(), merchantName: z.string(), placedAt: z.string(), total: money,
  status: z.enum(['processing', 'shipped', 'delivered', 'returned', 'cancelled']), items: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
  carrier: z.string().optional(), trackingNumber: z.string().optional(), estimatedDelivery: z.string().optional(), deliveredAt: z.string().optional(),
  returnableUntil: z.string().optional(),
});
const instalment = z.object({
  id: z.string(), orderId: z.string(), customerId: z.string(), sequence: z.number().int(), count: z.number().int(), amount: money, dueDate: z.string(),
  status: z.enum(['paid', 'scheduled', 'overdue']), extended: z.boolean(),
});
const refund = z.object({ id: z.string(), orderId: z.string(), amount: money, status: z.enum(['pending', 'processing', 'refunded']), expectedBy: z.string().optional(), refundedAt: z.string().optional() });
const returnRecord = z.object({ id: z.string(), orderId: z.string(), status: z.enum(['registered', 'received']), createdAt: z.string() });
const card = z.object({ customerId: z.string(), last4: z.string(), brand: z.string(), status: z.enum(['active', 'frozen']) });
const dispute = z.object({ id: z.string(), orderId: z.string(), customerId: z.string(), amount: money, reason: z.string(), status: z.enum(['open', 'closed']), createdAt: z.string() });

export interface HttpCommerceOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  timeoutMs?: number;
}

/** A {@link CommerceBackend} over HTTP at `baseUrl` (e.g. `https://commerce.internal/v1`). */
export function createHttpCommerce(baseUrl: string, options: HttpCommerceOptions = {}): CommerceBackend {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const timeoutMs = options.timeoutMs ?? 5000;

  async function call<T>(schema: z.ZodType<T>, method: 'GET' | 'POST', path: string, body?: unknown, action?: ActionOptions): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          // The same key on a retried action makes the API answer as before instead of acting twice.
          ...(action ? { 'idempotency-key': action.idempotencyKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new CommerceError(`commerce API unreachable: ${method} ${path}`, 'unavailable', { cause: error });
    }
    if (response.status === 404) return undefined;
    if (response.status === 409 || response.status === 422) throw new CommerceError(`commerce API refused ${method} ${path}`, 'conflict');
    if (!response.ok) throw new CommerceError(`commerce API answered ${response.status} to ${method} ${path}`, 'unavailable');
    if (response.status === 204) return undefined;
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new CommerceError(`commerce API sent an unexpected body for ${method} ${path}`, 'invalid_response', { cause: parsed.error });
    return parsed.data;
  }
  async function required<T>(schema: z.ZodType<T>, method: 'GET' | 'POST', path: string, body?: unknown, action?: ActionOptions): Promise<T> {
    const value = await call(schema, method, path, body, action);
    if (value === undefined) throw new CommerceError(`commerce API found nothing at ${method} ${path}`, 'not_found');
    return value;
  }
  const id = encodeURIComponent;

  return {
    customerByAddress: (address) => call(customer, 'GET', `customers/by-address/${id(address.kind)}/${id(address.value)}`),
    merchantByTenant: (tenantId) => call(merchant, 'GET', `merchants/by-tenant/${id(tenantId)}`),
    getCustomer: (customerId) => call(customer, 'GET', `customers/${id(customerId)}`),
    findCustomer: (query) => {
      const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      return call(customer, 'GET', `customers/search?${search}`);
    },
    listOrders: async (filter, limit = 20) => {
      const search = new URLSearchParams({ ...filter, limit: String(limit) });
      return (await call(z.array(order), 'GET', `orders?${search}`)) ?? [];
    },
    getOrder: (orderId) => call(order, 'GET', `orders/${id(orderId)}`),
    listInstalments: async (customerId) => (await call(z.array(instalment), 'GET', `customers/${id(customerId)}/instalments`)) ?? [],
    extendDueDate: (instalmentId, days, action) => required(instalment, 'POST', `instalments/${id(instalmentId)}/extend`, { days }, action),
    listRefunds: async (orderId) => (await call(z.array(refund), 'GET', `orders/${id(orderId)}/refunds`)) ?? [],
    listReturns: async (orderId) => (await call(z.array(returnRecord), 'GET', `orders/${id(orderId)}/returns`)) ?? [],
    registerReturn: (orderId, action) => required(returnRecord, 'POST', `orders/${id(orderId)}/returns`, {}, action),
    listCards: async (customerId) => (await call(z.array(card), 'GET', `customers/${id(customerId)}/cards`)) ?? [],
    freezeCards: async (customerId, last4, action) => (await call(z.array(card), 'POST', `customers/${id(customerId)}/cards/freeze`, last4 ? { last4 } : {}, action)) ?? [],
    listDisputes: async (orderId) => (await call(z.array(dispute), 'GET', `orders/${id(orderId)}/disputes`)) ?? [],
    openDispute: (input, action) => required(dispute, 'POST', `orders/${id(input.orderId)}/disputes`, { customerId: input.customerId, amount: input.amount, reason: input.reason }, action),
    recordAudit: async (entry) => {
      await call(z.unknown(), 'POST', 'audit', entry);
    },
  };
}
