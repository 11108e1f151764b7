import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { acceptedWebMessages, claimsHashOf, userHashOf, webVisitor } from '../helpers/web-identity.ts';

// The web channel as an attacker meets it on a gateway whose site signs its visitors (WEB_IDENTITY_SECRET).
const SECRET = 'the-site-and-the-gateway-share-this-0123456789';
const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'web-identity-auth-token';
const SMS_FROM = '+15550004444';
const PUBLIC_URL = 'https://switchboard.example.com';

/** Astrid's data a stranger must never see: her payment, her orders, her card. */
const ASTRID_DATA = /799|1044|1043|1042|Down jacket|headphones|Trail running|4242|Astrid|astrid@/i;
const SIGN_IN = 'please sign in on the site first';

let gateway: RunningGateway;
let twilio: FakeTwilioApi;
let web: ReturnType<typeof webVisitor>;

const astridCard = () =>
  ((gateway.runtime.store as SqliteStore).db.prepare("SELECT status FROM commerce_cards WHERE customer_id = 'c-astrid'").get() as { status: string }).status;
const astridDisputes = () => ((gateway.runtime.store as SqliteStore).db.prepare("SELECT COUNT(*) AS n FROM commerce_disputes WHERE customer_id = 'c-astrid'").get() as { n: number }).n;
const astridExtended = () => ((gateway.runtime.store as SqliteStore).db.prepare("SELECT COUNT(*) AS n FROM commerce_instalments WHERE customer_id = 'c-astrid' AND extended = 1").get() as { n: number }).n;

beforeAll(async () => {
  twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  gateway = await startGateway({
    WEB_IDENTITY_SECRET: SECRET,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_API_URL: twilio.url,
    PUBLIC_URL,
  });
  web = webVisitor(gateway.url);
}, 60_000);
afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
});

describe('impersonation on the web channel', () => {
  const victims = ['+46701234567', 'astrid@example.se', 'ASTRID@Example.SE', 'web-astrid'];
  const questions = ['when is my next payment due?', 'where is my refund for order 1042?', 'where is my order 1043?', 'what is my card number?'];

  it.each(victims)('naming %s without a hash makes a guest who is asked to sign in and sees nothing of hers', async (victim) => {
    for (const text of questions) {
      const { text: reply, userId } = await web.asGuest({ userId: victim, text });
      expect(userId).toMatch(/^guest#/);
      expect(userId).not.toBe(victim);
      expect(reply).not.toMatch(ASTRID_DATA);
    }
    expect((await web.asGuest({ userId: victim, text: 'when is my next payment due?' })).text).toContain(SIGN_IN);
  }, 120_000);

  it('actions asked for as her, without a hash, change nothing of hers: a "stolen" card stays active', async () => {
    for (const victim of victims) {
      await web.asGuest({ userId: victim, text: 'my card was stolen' });
      const dispute = await web.asGuest({ userId: victim, text: 'I want to dispute order 1044' });
      expect(dispute.text).not.toMatch(ASTRID_DATA);
      await web.asGuest({ userId: victim, text: 'can I get more time to pay?' });
    }
    expect(astridCard()).toBe('active');
    expect(astridDisputes()).toBe(0);
    expect(astridExtended()).toBe(0);
  }, 120_000);

  it('a wrong hash is refused with 401 and nothing is stored, whoever it names', async () => {
    const before = await acceptedWebMessages(gateway.url);
    const wrongs = (victim: string) => [
      userHashOf('another-secret-another-secret', victim),
      userHashOf(SECRET, `${victim} `),
      userHashOf(SECRET, victim).replace(/.$/, (last) => (last === '0' ? '1' : '0')),
      'not-a-hash',
      '',
    ];
    for (const victim of victims) {
      for (const userHash of wrongs(victim)) {
        expect((await web.post({ userId: victim, userHash, text: 'my card was stolen' })).status).toBe(401);
        expect((await web.post({ userId: victim, text: 'my card was stolen' }, { 'x-switchboard-user-hash': userHash || 'x' })).status).toBe(401);
      }
    }
    expect(await acceptedWebMessages(gateway.url)).toBe(before);
    expect(astridCard()).toBe('active');
  });

  it('claims cannot be forged, moved to another user, or sent without a signed user', async () => {
    const before = await acceptedWebMessages(gateway.url);
    const astrid = { phone: '+46701234567' };
    const mallory = 'mallory-1';
    const signedMallory = { userId: mallory, userHash: userHashOf(SECRET, mallory), text: 'my card was stolen' };
    // Mallory is a real signed-in user of the site, but her claims are not signed, or signed for someone else.
    expect((await web.post({ ...signedMallory, claims: astrid })).status).toBe(401);
    expect((await web.post({ ...signedMallory, claims: astrid, claimsHash: claimsHashOf(SECRET, 'someone-else', astrid) })).status).toBe(401);
    expect((await web.post({ ...signedMallory, claims: astrid, claimsHash: claimsHashOf('another-secret-another-secret', mallory, astrid) })).status).toBe(401);
    expect((await web.post({ ...signedMallory, claims: { phone: '+4915112345678' }, claimsHash: claimsHashOf(SECRET, mallory, astrid) })).status).toBe(401);
    expect((await web.post({ userId: mallory, text: 'hi', claims: astrid, claimsHash: claimsHashOf(SECRET, mallory, astrid) })).status).toBe(401);
    expect(await acceptedWebMessages(gateway.url)).toBe(before);
    expect(astridCard()).toBe('active');
  });
});

describe('replies only for their owner', () => {
  it('a signed-in visitor’s replies need her hash: none, a wrong one or another user’s get 401, on messages and stream', async () => {
    await web.asSignedIn(SECRET, 'web-astrid', 'when is my next payment due?');
    const cases = [
      {},
      { query: '?userHash=0000' },
      { query: `?userHash=${userHashOf(SECRET, 'web-lukas')}` },
      { headers: { 'x-switchboard-user-hash': userHashOf('another-secret-another-secret', 'web-astrid') } },
    ];
    for (const credentials of cases) {
      const res = await web.read('web-astrid', credentials);
      expect(res.status).toBe(401);
      expect(res.messages).toEqual([]);
      const stream = await fetch(`${gateway.url}/webhooks/web/web-astrid/stream${credentials.query ?? ''}`, { headers: credentials.headers ?? {} });
      expect(stream.status).toBe(401);
      expect(stream.headers.get('content-type')).not.toContain('text/event-stream');
    }
    for (const victim of ['+46701234567', 'astrid@example.se']) expect((await web.read(victim)).status).toBe(401);
    const own = await web.read('web-astrid', { headers: { 'x-switchboard-user-hash': userHashOf(SECRET, 'web-astrid') } });
    expect(own.status).toBe(200);
    expect(own.messages.map((reply) => reply.text).join('\n')).toContain('799');
  }, 60_000);

  it('a guest’s replies need its own token; another guest’s token, a made-up one or none get 401', async () => {
    const alice = await web.asGuest({ text: 'hello' });
    const bob = await web.asGuest({ text: 'hello' });
    expect(alice.userId).not.toBe(bob.userId);
    const attempts: { query?: string; headers?: Record<string, string> }[] = [
      {},
      { headers: { 'x-switchboard-guest-token': bob.guestToken } },
      { query: `?guestToken=${'A'.repeat(43)}` },
      { headers: { cookie: `switchboard_guest=${bob.guestToken}` } },
    ];
    for (const credentials of attempts) {
      expect((await web.read(alice.userId, credentials)).status).toBe(401);
    }
    // Writing as another guest needs its token too.
    expect((await web.post({ userId: alice.userId, text: 'hi' }, { 'x-switchboard-guest-token': bob.guestToken })).status).toBe(401);
    expect((await web.read(alice.userId, { headers: { 'x-switchboard-guest-token': alice.guestToken } })).status).toBe(200);
  }, 60_000);

  it('a cursor from someone else’s replies is refused, not used', async () => {
    const astridHash = userHashOf(SECRET, 'web-astrid');
    const [first] = (await web.read('web-astrid', { query: `?userHash=${astridHash}` })).messages;
    const guest = await web.asGuest({ text: 'hello' });
    const res = await web.read(guest.userId, { query: `?after=${encodeURIComponent(first!.id)}`, headers: { 'x-switchboard-guest-token': guest.guestToken } });
    expect(res.status).toBe(400);
  }, 60_000);
});

describe('guests', () => {
  it('get a guest id, a token and an HttpOnly SameSite=Strict cookie; the cookie alone carries the conversation on', async () => {
    const first = await web.post({ text: 'hello', id: 'guest-flow-1' });
    expect(first.status).toBe(202);
    const userId = first.body.userId as string;
    const token = first.body.guestToken as string;
    expect(userId).toMatch(/^guest#/);
    expect(first.setCookie).toContain(`switchboard_guest=${token}`);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Strict/i);
    const cookie = `switchboard_guest=${token}`;
    const second = await web.post({ text: 'where is my order?', id: 'guest-flow-2' }, { cookie });
    expect(second.body.userId).toBe(userId);
    const reply = await web.replyTo(userId, 'guest-flow-2', { headers: { cookie } });
    expect(reply.text).toContain(SIGN_IN);
    // EventSource can send neither headers nor (cross-site) cookies: the token in the query works too.
    const controller = new AbortController();
    const stream = await fetch(`${gateway.url}/webhooks/web/${encodeURIComponent(userId)}/stream?guestToken=${token}`, { signal: controller.signal, headers: { 'last-event-id': reply.id } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  }, 60_000);

  it('are told to sign in in their own language, and still get general answers', async () => {
    expect((await web.asGuest({ text: 'var är min beställning?' })).text).toContain('Logga in på webbplatsen');
    expect((await web.asGuest({ text: 'wo ist meine Bestellung?' })).text).toContain('melde dich zuerst auf der Website an');
    const general = await web.asGuest({ text: 'hello' });
    expect(general.text).not.toContain(SIGN_IN);
    expect(general.text.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('a signed-in customer', () => {
  it('gets her own data with a valid hash, in the body or the header', async () => {
    expect(await web.asSignedIn(SECRET, 'web-astrid', 'when is my next payment due?')).toContain('799');
    const id = crypto.randomUUID();
    const posted = await web.post({ userId: 'web-lukas', text: 'when is my next payment due?', id }, { 'x-switchboard-user-hash': userHashOf(SECRET, 'web-lukas') });
    expect(posted.status).toBe(202);
    expect(posted.body.guestToken).toBeUndefined();
    const reply = await web.replyTo('web-lukas', id, { headers: { 'x-switchboard-user-hash': userHashOf(SECRET, 'web-lukas') } });
    expect(reply.text).toMatch(/213[.,]33|189[.,]90/);
    expect(reply.text).not.toMatch(ASTRID_DATA);
  }, 60_000);

  it('whose site vouches for her e-mail (any case) is found by it', async () => {
    const claims = { email: 'Astrid@Example.SE' };
    const reply = await web.asSignedIn(SECRET, 'shop-user-9', 'when is my next payment due?', { claims, claimsHash: claimsHashOf(SECRET, 'shop-user-9', claims) });
    expect(reply).toContain('799');
  }, 60_000);

  it('whose site vouches for her phone number continues her SMS conversation on the web: one thread', async () => {
    const sms = signedTwilioWebhook(`${PUBLIC_URL}/webhooks/twilio/sms`, smsParams('+46701234567', SMS_FROM, 'I want to dispute a purchase'), AUTH_TOKEN);
    expect((await fetch(`${gateway.url}/webhooks/twilio/sms`, { method: 'POST', body: sms.body, headers: sms.headers })).status).toBe(200);
    const [asked] = await twilio.waitForMessages(1, 20_000);
    expect(asked!.to).toBe('+46701234567');
    expect(asked!.body).toMatch(/Down jacket|#1043/);
    // She opens the site, signed in; the site vouches for the number it verified and signs both.
    const claims = { phone: '+46701234567' };
    const reply = await web.asSignedIn(SECRET, 'shop-user-42', 'the jacket', { claims: JSON.stringify(claims), claimsHash: claimsHashOf(SECRET, 'shop-user-42', claims) });
    expect(reply).toMatch(/Down jacket/);
    expect(reply).toMatch(/849/);
    const threads = (gateway.runtime.store as SqliteStore).db
      .prepare("SELECT DISTINCT thread_id FROM inbox WHERE json_extract(message, '$.senderAddress') IN ('+46701234567', 'shop-user-42')")
      .all();
    expect(threads).toHaveLength(1);
  }, 60_000);
});

describe('the page’s view of the channel', () => {
  it('GET /webhooks/web/config says the mode', async () => {
    expect(await (await fetch(`${gateway.url}/webhooks/web/config`)).json()).toEqual({ mode: 'verified' });
  });
});
