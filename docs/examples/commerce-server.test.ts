import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpCommerce } from '../../agents/commerce/http-backend.ts';
// @ts-expect-error: a plain JavaScript example, without types on purpose.
import { createCommerceServer } from './commerce-server.mjs';

/* The example in docs/extending.md speaks the gateway's own HTTP commerce client, token and all. */
let server: import('node:http').Server;
let url: string;
beforeAll(async () => {
  server = createCommerceServer({ token: 'example-token' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the example commerce backend', () => {
  it('answers the gateway’s client over the documented contract', async () => {
    const commerce = createHttpCommerce(url, { token: 'example-token' });
    const customer = await commerce.customerByAddress({ kind: 'phone', value: '+46701234567' });
    expect(await commerce.customerByAddress({ kind: 'web', value: '+46701234567' })).toBeUndefined();
    expect((await commerce.customerByAddress({ kind: 'email', value: 'Astrid@Example.com' }))?.id).toBe(customer?.id);
    expect(customer?.name).toBe('Astrid Lindqvist');
    const [order] = await commerce.listOrders({ customerId: customer!.id });
    expect(order?.trackingNumber).toBe('PN100100001SE');
    const instalments = await commerce.listInstalments(customer!.id);
    const next = instalments.find((instalment) => instalment.status === 'scheduled')!;
    const extended = await commerce.extendDueDate(next.id, 14, { idempotencyKey: 'm1:extend' });
    expect(extended.extended).toBe(true);
    // The same message's retry answers as the first; a new request for the same change is a conflict.
    expect(await commerce.extendDueDate(next.id, 14, { idempotencyKey: 'm1:extend' })).toEqual(extended);
    await expect(commerce.extendDueDate(next.id, 14, { idempotencyKey: 'm2:extend' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await commerce.registerReturn('1001', { idempotencyKey: 'm3:return' })).status).toBe('registered');
    expect((await commerce.freezeCards(customer!.id, '4242', { idempotencyKey: 'm4:freeze' }))[0]?.status).toBe('frozen');
    await commerce.recordAudit({ actorRole: 'staff', actorAddress: 'U1', action: 'lookup', subjectCustomerId: customer!.id });
    expect(await commerce.getOrder('9999')).toBeUndefined();
  });

  it('refuses a request without the bearer token', async () => {
    await expect(createHttpCommerce(url).getOrder('1001')).rejects.toMatchObject({ code: 'unavailable' });
    expect((await fetch(`${url}orders/1001`)).status).toBe(401);
  });
});
