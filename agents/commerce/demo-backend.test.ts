import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCommerce } from './demo-backend.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo commerce backend', () => {
  it('seeds once: a second start on the same database keeps the data and its changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
    const file = join(dir, 'db.sqlite');
    const first = createDemoCommerce(new Database(file), { today: new Date('2026-01-10T00:00:00Z') });
    await first.freezeCards('c-astrid', undefined, { idempotencyKey: 'm_1:freeze_card:all' });
    const again = createDemoCommerce(new Database(file), { today: new Date('2027-06-01T00:00:00Z') });
    expect((await again.listCards('c-astrid'))[0]!.status).toBe('frozen');
    expect((await again.listInstalments('c-astrid')).map((instalment) => instalment.dueDate)).toEqual(['2025-12-06', '2026-01-15', '2026-02-14']);
    expect(await again.customerByAddress({ kind: 'web', value: 'web-lukas' })).toMatchObject({ id: 'c-lukas', currency: 'EUR' });
    expect(await again.merchantByTenant('7b1c6f2e-5a3d-4c4e-9f10-00000000a003')).toMatchObject({ name: 'London Tech Ltd' });
  });

  it('finds a customer only by an address of the kind it was verified as', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
    const commerce = createDemoCommerce(new Database(join(dir, 'db.sqlite')));
    expect(await commerce.customerByAddress({ kind: 'phone', value: '+46701234567' })).toMatchObject({ id: 'c-astrid' });
    expect(await commerce.customerByAddress({ kind: 'email', value: 'ASTRID@Example.SE' })).toMatchObject({ id: 'c-astrid' });
    expect(await commerce.customerByAddress({ kind: 'web', value: 'web-astrid' })).toMatchObject({ id: 'c-astrid' });
    // Her number, e-mail or web id offered as another kind of address reaches nobody.
    for (const value of ['+46701234567', 'astrid@example.se', 'ASTRID@EXAMPLE.SE']) {
      expect(await commerce.customerByAddress({ kind: 'web', value })).toBeUndefined();
    }
    expect(await commerce.customerByAddress({ kind: 'phone', value: 'web-astrid' })).toBeUndefined();
    expect(await commerce.customerByAddress({ kind: 'slack', value: '+46701234567' })).toBeUndefined();
  });

  it('opens one dispute per order and extends a due date only once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
    const commerce = createDemoCommerce(new Database(join(dir, 'db.sqlite')));
    const input = { orderId: '2001', customerId: 'c-lukas', amount: { amount: 50, currency: 'EUR' }, reason: 'fake' };
    const opened = await commerce.openDispute(input, { idempotencyKey: 'm_1:open_dispute:2001' });
    expect(await commerce.openDispute(input, { idempotencyKey: 'm_2:open_dispute:2001' })).toEqual(opened);
    await commerce.extendDueDate('i-2001-1', 14, { idempotencyKey: 'm_3:extend_due_date:i-2001-1' });
    await expect(commerce.extendDueDate('i-2001-1', 14, { idempotencyKey: 'm_4:extend_due_date:i-2001-1' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('acts once per idempotency key: a retried action answers as the first and changes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
    const commerce = createDemoCommerce(new Database(join(dir, 'db.sqlite')), { today: new Date('2026-01-10T00:00:00Z') });
    const key = { idempotencyKey: 'm_5:extend_due_date:i-2001-1' };
    const extended = await commerce.extendDueDate('i-2001-1', 14, key);
    // The same turn run again after a crash: the same answer, not "already extended", and no second move.
    expect(await commerce.extendDueDate('i-2001-1', 14, key)).toEqual(extended);
    expect((await commerce.listInstalments('c-lukas')).find((instalment) => instalment.id === 'i-2001-1')?.dueDate).toBe(extended.dueDate);

    const dispute = await commerce.openDispute({ orderId: '2001', customerId: 'c-lukas', amount: { amount: 50, currency: 'EUR' }, reason: 'fake' }, { idempotencyKey: 'm_6:open_dispute:2001' });
    expect(await commerce.listDisputes('2001')).toEqual([dispute]);
    // A key is bound to its action: used for another one, it is refused rather than answered with the wrong result.
    await expect(commerce.registerReturn('2001', { idempotencyKey: 'm_6:open_dispute:2001' })).rejects.toMatchObject({ code: 'conflict' });
  });
});
