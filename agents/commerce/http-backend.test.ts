import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCommerce } from './demo-backend.ts';
import { createHttpCommerce } from './http-backend.ts';
import { CommerceError, type CommerceBackend, type CustomerAddressKind } from './types.ts';

// A small local commerce API serving the demo data, as a real deployment's would (openapi.yaml).
let server: Server;
let baseUrl: string;
let dir: string;
let demo: CommerceBackend;
const seen: string[] = [];
const keys: (string | undefined)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-commerce-'));
  demo = createDemoCommerce(new Database(join(dir, 'commerce.db')));
  server = createServer(async (request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (value: unknown) => {
      if (value === undefined) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (path[0] === 'broken') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1}');
    if (path[0] === 'customers' && path[1] === 'by-address') return send(await demo.customerByAddress({ kind: path[2] as CustomerAddressKind, value: path[3] ?? '' }));
    if (path[0] === 'orders' && path.length === 1) return send(await demo.listOrders({ customerId: url.searchParams.get('customerId')! }, Number(url.searchParams.get('limit'))));
    if (path[0] === 'orders' && path.length === 2) return send(await demo.getOrder(path[1]!));
    if (path[0] === 'customers' && path[2] === 'instalments') return send(await demo.listInstalments(path[1]!));
    if (request.method === 'POST' && path[0] === 'instalments' && path[2] === 'extend') {
      const key = request.headers['idempotency-key'];
      keys.push(typeof key === 'string' ? key : undefined);
      if (typeof key !== 'string') return void response.writeHead(400).end();
      try {
        return send(await demo.extendDueDate(path[1]!, 14, { idempotencyKey: key }));
      } catch (error) {
        return void response.writeHead((error as CommerceError).code === 'conflict' ? 422 : 500).end();
      }
    }
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTP commerce backend', () => {
  it('reads customers, orders and instalments over the documented routes', async () => {
    const commerce = createHttpCommerce(baseUrl, { token: 'secret' });
    const customer = await commerce.customerByAddress({ kind: 'phone', value: '+46701234567' });
    expect(customer?.name).toBe('Astrid Lindqvist');
    // A value is looked up within its own kind only: her number as a web id reaches nobody.
    expect(await commerce.customerByAddress({ kind: 'web', value: '+46701234567' })).toBeUndefined();
    expect((await commerce.listOrders({ customerId: customer!.id }, 2)).map((order) => order.id)).toEqual(['1043', '1042']);
    expect((await commerce.getOrder('1043'))?.trackingNumber).toBe('PN104300001SE');
    expect(await commerce.getOrder('9999')).toBeUndefined();
    expect((await commerce.listInstalments(customer!.id)).length).toBe(3);
    expect(seen).toContain('GET /customers/by-address/phone/%2B46701234567 Bearer secret');
  });

  it('turns server errors and unexpected bodies into CommerceError', async () => {
    const commerce = createHttpCommerce(baseUrl);
    await expect(commerce.listCards('c-astrid')).rejects.toBeInstanceOf(CommerceError);
    await expect(createHttpCommerce(`${baseUrl}broken/`).getOrder('1')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(createHttpCommerce('http://127.0.0.1:9/').getOrder('1')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('sends every action with its Idempotency-Key, so a retried turn acts once', async () => {
    const commerce = createHttpCommerce(baseUrl);
    const action = { idempotencyKey: 'm_abc:extend_due_date:i-1044-2' };
    const first = await commerce.extendDueDate('i-1044-2', 14, action);
    expect(await commerce.extendDueDate('i-1044-2', 14, action)).toEqual(first);
    expect(keys).toEqual([action.idempotencyKey, action.idempotencyKey]);
    // The key reused for another action is refused by the API (422): a conflict, never "unavailable".
    await expect(commerce.extendDueDate('i-1044-3', 14, action)).rejects.toMatchObject({ code: 'conflict' });
  });
});
