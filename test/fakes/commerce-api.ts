import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createDemoCommerce } from '../../agents/commerce/demo-backend.ts';
import { CommerceError, type CommerceBackend, type CustomerAddressKind } from '../../agents/commerce/types.ts';
import { closeServer } from './arrivals.ts';

/** One action request the fake received (a POST that changes state). */
export interface CommerceActionRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
}

/**
 * A commerce API as `agents/commerce/openapi.yaml` describes it, serving the demo data from its
 * own SQLite file and honouring `Idempotency-Key` the way the contract asks (through the demo
 * backend). `beforeActionAnswer` runs after an action took effect and before its answer leaves:
 * the moment a test can kill the gateway between the action and the turn's completion.
 */
export interface FakeCommerceApi {
  readonly url: string;
  readonly actions: CommerceActionRequest[];
  /** The `Authorization` header of every request, in arrival order ('' when absent). */
  readonly authorizations: string[];
  readonly backend: CommerceBackend;
  beforeActionAnswer?: (request: CommerceActionRequest) => Promise<void>;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeCommerceApi(file: string): Promise<FakeCommerceApi> {
  const backend = createDemoCommerce(new Database(file));
  const fake: FakeCommerceApi = {
    url: '',
    actions: [],
    authorizations: [],
    backend,
    close: () => closeServer(server),
  };
  const server: Server = createServer((request, response) => {
    fake.authorizations.push(request.headers.authorization ?? '');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const send = (value: unknown) => {
      if (value === undefined) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const act = async (run: (key: { idempotencyKey: string }) => Promise<unknown>) => {
      const key = request.headers['idempotency-key'];
      const recorded = { method: request.method ?? '', path: url.pathname, idempotencyKey: typeof key === 'string' ? key : undefined };
      fake.actions.push(recorded);
      if (!recorded.idempotencyKey) return void response.writeHead(400).end('{"message":"Idempotency-Key is required"}');
      const result = await run({ idempotencyKey: recorded.idempotencyKey });
      await fake.beforeActionAnswer?.(recorded);
      send(result);
    };
    void (async () => {
      const [first, second, third, fourth] = path;
      if (request.method === 'GET') {
        if (first === 'customers' && second === 'by-address') return send(await backend.customerByAddress({ kind: third as CustomerAddressKind, value: fourth ?? '' }));
        if (first === 'customers' && third === 'cards') return send(await backend.listCards(second!));
        if (first === 'customers' && third === 'instalments') return send(await backend.listInstalments(second!));
        if (first === 'customers' && second === 'search') return send(await backend.findCustomer(Object.fromEntries(url.searchParams)));
        if (first === 'customers' && second) return send(await backend.getCustomer(second));
        if (first === 'merchants' && second === 'by-tenant') return send(await backend.merchantByTenant(third!));
        if (first === 'orders' && !second) {
          const customerId = url.searchParams.get('customerId');
          const merchantId = url.searchParams.get('merchantId') ?? '';
          return send(await backend.listOrders(customerId ? { customerId } : { merchantId }, Number(url.searchParams.get('limit') ?? 20)));
        }
        if (first === 'orders' && third === 'refunds') return send(await backend.listRefunds(second!));
        if (first === 'orders' && third === 'returns') return send(await backend.listReturns(second!));
        if (first === 'orders' && third === 'disputes') return send(await backend.listDisputes(second!));
        if (first === 'orders' && second) return send(await backend.getOrder(second));
      }
      if (request.method === 'POST') {
        const input = await body(request);
        if (first === 'customers' && third === 'cards' && fourth === 'freeze') return act((key) => backend.freezeCards(second!, input.last4 as string | undefined, key));
        if (first === 'instalments' && third === 'extend') return act((key) => backend.extendDueDate(second!, Number(input.days), key));
        if (first === 'orders' && third === 'returns') return act((key) => backend.registerReturn(second!, key));
        if (first === 'orders' && third === 'disputes') return act((key) => backend.openDispute({ orderId: second!, customerId: String(input.customerId), amount: input.amount as { amount: number; currency: string }, reason: String(input.reason) }, key));
        if (first === 'audit') return void response.writeHead(204).end();
      }
      response.writeHead(404).end();
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(error instanceof CommerceError && error.code === 'conflict' ? 409 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return fake;
}
