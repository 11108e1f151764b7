import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import { createHarness, type Harness } from './harness.ts';

// The assistant's tools find a customer only by an address of the kind its channel verified.
let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const web = (address: string, extra: Partial<TurnCustomer> = {}): TurnCustomer => ({ id: `c-${address}`, role: 'customer', channel: 'web', address, ...extra });
const ASTRID_DATA = /799|1044|1043|1042|Down jacket|4242|Astrid/i;

describe('who a web turn acts for', () => {
  it.each(['+46701234567', 'astrid@example.se', 'ASTRID@EXAMPLE.SE'])('a web id that reads %s reaches no account', async (address) => {
    const result = await h.say(web(address), 'when is my next payment due?');
    expect(h.text(result)).toContain("couldn't find an account");
    expect(h.text(result)).not.toMatch(ASTRID_DATA);
  });

  it('a guest is asked to sign in, whatever address it carries, and a "stolen card" freezes nothing', async () => {
    const guest = web('web-astrid', { guest: true });
    expect(h.text(await h.say(guest, 'when is my next payment due?'))).toContain('please sign in on the site first');
    expect(h.text(await h.say(guest, 'var är min beställning 1043?', { language: 'sv' }))).toContain('Logga in på webbplatsen');
    await h.say(guest, 'my card was stolen');
    await h.say(guest, 'I lost my card, block it');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
  });

  it('a signed-in visitor is found by the phone number or e-mail the site vouched for, or by her web id', async () => {
    expect(h.text(await h.say(web('shop-1', { claims: { phone: '+46701234567' } }), 'when is my next payment due?'))).toContain('799');
    expect(h.text(await h.say(web('shop-2', { claims: { email: 'astrid@example.se' } }), 'when is my next payment due?'))).toContain('799');
    expect(h.text(await h.say(web('web-astrid'), 'when is my next payment due?'))).toContain('799');
  });
});
