// A minimal commerce backend that speaks Switchboard's contract (agents/commerce/openapi.yaml),
// with one customer and one order kept in memory. Copy it, and replace the arrays with calls to
// your own systems. Plain Node, no dependencies:
//
//   COMMERCE_API_TOKEN=change-me PORT=4000 node docs/examples/commerce-server.mjs
//   COMMERCE_API_URL=http://127.0.0.1:4000/ COMMERCE_API_TOKEN=change-me npm start
//
// Switchboard decides who may see what from the verified channel identity; this API only answers
// the gateway, which proves itself with `Authorization: Bearer <COMMERCE_API_TOKEN>`.
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const today = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Your data goes here (or behind these functions). Amounts are in major units. */
function sampleData() {
  const sek = (amount) => ({ amount, currency: 'SEK' });
  return {
    customers: [{ id: 'c-1', name: 'Astrid Lindqvist', market: 'SE', currency: 'SEK', phone: '+46701234567', email: 'astrid@example.com', webIds: ['web-c-1'] }],
    merchants: [{ id: 'm-1', name: 'Nordic Outdoor', tenantId: '00000000-0000-0000-0000-000000000001', market: 'SE' }],
    orders: [
      {
        id: '1001', customerId: 'c-1', merchantId: 'm-1', merchantName: 'Nordic Outdoor', placedAt: today(-3), total: sek(1499), status: 'shipped',
        items: [{ name: 'Rain jacket', quantity: 1 }], carrier: 'PostNord', trackingNumber: 'PN100100001SE', estimatedDelivery: today(2),
      },
    ],
    instalments: [1, 2, 3].map((sequence) => ({
      id: `i-1001-${sequence}`, orderId: '1001', customerId: 'c-1', sequence, count: 3, amount: sek(499.67),
      dueDate: today(30 * (sequence - 1)), status: sequence === 1 ? 'paid' : 'scheduled', extended: false,
    })),
    refunds: [],
    returns: [],
    cards: [{ customerId: 'c-1', last4: '4242', brand: 'Visa', status: 'active' }],
    disputes: [],
    audit: [],
  };
}

/** Whether the customer is known by this address of this kind (phone, email, web, slack, teams). */
function matchesAddress(customer, kind, value) {
  if (kind === 'phone') return customer.phone === value;
  if (kind === 'email') return customer.email.toLowerCase() === value.toLowerCase();
  if (kind === 'web') return (customer.webIds ?? []).includes(value);
  return false;
}

/** The HTTP server. `token`: the bearer token every request must carry. */
export function createCommerceServer({ token, data = sampleData() }) {
  if (!token) throw new Error('set COMMERCE_API_TOKEN: the gateway sends it as a bearer token');
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (header = '') => {
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const routes = [
    // A verified address is compared within its kind only: a web id never matches a phone number.
    ['GET', /^\/customers\/by-address\/([^/]+)\/([^/]+)$/, ([kind, value]) => data.customers.find((c) => matchesAddress(c, kind, value))],
    ['GET', /^\/customers\/search$/, (_, q) => data.customers.find((c) => c.phone === q.get('phone') || c.email === q.get('email') || data.orders.some((o) => o.id === q.get('orderId') && o.customerId === c.id))],
    ['GET', /^\/customers\/([^/]+)$/, ([id]) => data.customers.find((c) => c.id === id)],
    ['GET', /^\/customers\/([^/]+)\/instalments$/, ([id]) => data.instalments.filter((i) => i.customerId === id).sort((a, b) => a.dueDate.localeCompare(b.dueDate))],
    ['GET', /^\/customers\/([^/]+)\/cards$/, ([id]) => data.cards.filter((c) => c.customerId === id)],
    ['POST', /^\/customers\/([^/]+)\/cards\/freeze$/, ([id], _, body) => {
      const cards = data.cards.filter((c) => c.customerId === id && (!body.last4 || c.last4 === body.last4));
      for (const card of cards) card.status = 'frozen';
      return cards;
    }],
    ['GET', /^\/merchants\/by-tenant\/([^/]+)$/, ([tenantId]) => data.merchants.find((m) => m.tenantId === tenantId)],
    ['GET', /^\/orders$/, (_, q) => data.orders
      .filter((o) => o.customerId === q.get('customerId') || o.merchantId === q.get('merchantId'))
      .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
      .slice(0, Number(q.get('limit') ?? 20))],
    ['GET', /^\/orders\/([^/]+)$/, ([id]) => data.orders.find((o) => o.id === id)],
    ['GET', /^\/orders\/([^/]+)\/refunds$/, ([id]) => data.refunds.filter((r) => r.orderId === id)],
    ['GET', /^\/orders\/([^/]+)\/returns$/, ([id]) => data.returns.filter((r) => r.orderId === id)],
    ['POST', /^\/orders\/([^/]+)\/returns$/, ([id]) => {
      if (!data.orders.some((o) => o.id === id)) return undefined;
      let record = data.returns.find((r) => r.orderId === id);
      if (!record) data.returns.push((record = { id: `r-${id}`, orderId: id, status: 'registered', createdAt: today() }));
      return record;
    }],
    ['GET', /^\/orders\/([^/]+)\/disputes$/, ([id]) => data.disputes.filter((d) => d.orderId === id)],
    ['POST', /^\/orders\/([^/]+)\/disputes$/, ([id], _, body) => {
      if (!data.orders.some((o) => o.id === id)) return undefined;
      let dispute = data.disputes.find((d) => d.orderId === id && d.status === 'open');
      if (!dispute) data.disputes.push((dispute = { id: `d-${id}`, orderId: id, customerId: body.customerId, amount: body.amount, reason: String(body.reason).slice(0, 500), status: 'open', createdAt: today() }));
      return dispute;
    }],
    ['POST', /^\/instalments\/([^/]+)\/extend$/, ([id], _, body) => {
      const instalment = data.instalments.find((i) => i.id === id);
      if (!instalment) return undefined;
      const days = Number(body.days);
      if (instalment.extended || instalment.status !== 'scheduled' || !(days >= 1 && days <= 30)) return { conflict: true };
      instalment.dueDate = new Date(Date.parse(instalment.dueDate) + days * 86_400_000).toISOString().slice(0, 10);
      instalment.extended = true;
      return instalment;
    }],
    ['POST', /^\/audit$/, (_, __, body) => {
      data.audit.push({ ...body, at: new Date().toISOString() });
      return null;
    }],
  ];

  const answered = new Map();
  return createServer(async (request, response) => {
    const send = (status, value) => {
      response.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
      response.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (!authorized(request.headers.authorization)) return send(401, { error: 'unauthorized' });
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = routes.find(([method, pattern]) => method === request.method && pattern.test(url.pathname));
    if (!route) return send(404, { error: 'not_found' });
    let body = {};
    if (request.method === 'POST') {
      let raw = '';
      for await (const chunk of request) raw += chunk;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(400, { error: 'invalid_json' });
      }
    }
    // Actions carry an Idempotency-Key: the same key answers the first response again and acts no more.
    const isAction = request.method === 'POST' && url.pathname !== '/audit';
    const key = request.headers['idempotency-key'];
    if (isAction && typeof key !== 'string') return send(400, { error: 'idempotency_key_required' });
    const fingerprint = `${url.pathname} ${JSON.stringify(body)}`;
    const seen = isAction ? answered.get(key) : undefined;
    if (seen) return seen.fingerprint === fingerprint ? send(seen.status, seen.value) : send(422, { error: 'idempotency_key_reused' });
    const params = route[1].exec(url.pathname).slice(1).map(decodeURIComponent);
    const result = route[2](params, url.searchParams, body);
    const [status, value] =
      result === undefined ? [404, { error: 'not_found' }] : result === null ? [204, undefined] : result.conflict ? [409, { error: 'conflict' }] : [200, result];
    if (isAction && status < 500) answered.set(key, { fingerprint, status, value });
    send(status, value);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 4000);
  createCommerceServer({ token: process.env.COMMERCE_API_TOKEN }).listen(port, process.env.HOST ?? '127.0.0.1', () => {
    process.stdout.write(`commerce backend on http://${process.env.HOST ?? '127.0.0.1'}:${port}/\n`);
  });
}
