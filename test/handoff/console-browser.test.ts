import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { expectNoMissingValues, launchChromium, signIn as signInAs } from './browser.ts';
import { api, CONSOLE_TOKEN, customerSays, startRig, until, type Rig } from './harness.ts';

/*
 * The agent console in a real browser (Debian's headless Chromium, never a downloaded one):
 * sign in with the token, see the ticket arrive live, claim, reply, resolve.
 */
const CUSTOMER = '+447700900321';
let rig: Rig;
let browser: Browser;

beforeAll(async () => {
  rig = await startRig();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const signIn = (page: Page, name: string) => signInAs(page, rig, name);

const toCustomer = () => rig.twilio.messages.filter((message) => message.to === `whatsapp:${CUSTOMER}`).map((message) => message.body ?? '');

describe('the agent console in Chromium', () => {
  it('signs in with the token, sees a new ticket live, claims, replies and resolves', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${rig.url}/console`);
    await page.fill('#name', 'Ana');
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Wrong token.');
    expect(await page.locator('#login').isVisible()).toBe(true);
    await page.fill('#token', CONSOLE_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#status:has-text("live")');
    // Signed in: the login card is gone, also after a reload (the session cookie signs in).
    expect(await page.locator('#login').isVisible()).toBe(false);
    await page.reload();
    await page.waitForSelector('#status:has-text("live")');
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.locator('#app').isVisible()).toBe(true);

    // The ticket arrives after the console is open: Server-Sent Events bring it in.
    await customerSays(rig, CUSTOMER, 'I want to talk to a person', 'SM75000000000000000000000000000001');
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === CUSTOMER));
    const row = page.locator(`[data-ticket="${ticket.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-queue="general"]').innerText()).toContain('1 waiting');
    await row.click();
    await page.waitForSelector('#detail >> text=I want to talk to a person');
    await page.click('#claim');
    await page.waitForSelector('#detail >> text=with Ana');

    await page.fill('#reply-text', 'Hi, this is Ana. Let me look into it.');
    await page.click('#send');
    await until('the reply on WhatsApp', () => toCustomer().includes('Hi, this is Ana. Let me look into it.'));
    await page.waitForSelector('#log >> text=Hi, this is Ana. Let me look into it.');
    await customerSays(rig, CUSTOMER, 'Thanks Ana, it is order 1042', 'SM75000000000000000000000000000002');
    await page.waitForSelector('#log >> text=Thanks Ana, it is order 1042', { timeout: 10_000 });
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'console.png') });

    await page.fill('#resolve-note', 'We refunded order 1042.');
    await page.click('#resolve');
    await until('the comeback', () => toCustomer().some((text) => text.includes('We refunded order 1042.') && text.includes('from 1 (poor) to 5 (excellent)')));
    await page.waitForSelector(`[data-ticket="${ticket.id}"]`, { state: 'detached', timeout: 10_000 });
    expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ status: 'resolved', assignee: 'Ana' });
    await page.close();
  });

  it('a page on another port of the same host cannot drive the signed-in console; after sign-out the session is gone', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${rig.url}/console`);
    await page.fill('#name', 'Cy');
    await page.fill('#token', CONSOLE_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#status:has-text("live")');

    const customer = '+447700900324';
    await customerSays(rig, customer, 'I want to talk to a person', 'SM75000000000000000000000000000021');
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === customer));

    // The attacker's page: same host (127.0.0.1), another port, so the SameSite=Strict cookie goes along.
    const attacker: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cute cats</title>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const evil = await context.newPage();
      await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const statuses = await evil.evaluate(async ({ base, id }) => {
        const results: string[] = [];
        for (const action of ['claim', 'resolve']) {
          // no-cors: a "simple" request the browser sends with the cookie and no preflight; its answer is opaque.
          const response = await fetch(`${base}/api/handoff/tickets/${id}/${action}`, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' });
          results.push(response.type);
        }
        return results;
      }, { base: rig.url, id: ticket.id });
      expect(statuses).toEqual(['opaque', 'opaque']);
      expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ status: 'waiting' });
      expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.assignee).toBeUndefined();
      await evil.close();
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }

    // The console itself still works with the same cookie.
    await page.locator(`[data-ticket="${ticket.id}"]`).click();
    await page.click('#claim');
    await page.waitForSelector('#detail >> text=with Cy');

    // Sign out: the cookie the browser had is dead on the server, even if replayed.
    const [cookie] = (await context.cookies(rig.url)).filter((candidate) => candidate.name === 'switchboard_console');
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.httpOnly).toBe(true);
    await page.click('#logout');
    await page.waitForSelector('#login', { state: 'visible' });
    const replayed = await fetch(`${rig.url}/api/handoff/me`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(replayed.status).toBe(401);
    await context.close();
  });

  it('shows no "null" or "undefined" in any ticket state: none, waiting, assigned, resolved, abandoned', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'Bo');
    await expectNoMissingValues(page, 'no ticket is picked');
    const open = async (customer: string, sid: string) => {
      await customerSays(rig, customer, 'I want to talk to a person', sid);
      const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === customer));
      await page.locator(`[data-ticket="${ticket.id}"]`).click();
      await page.waitForSelector('#detail >> text=I want to talk to a person');
      return ticket;
    };

    const resolved = await open('+447700900322', 'SM75000000000000000000000000000011');
    await page.waitForSelector('#detail >> text=number 1 in line');
    await expectNoMissingValues(page, 'waiting');
    await page.click('#claim');
    await page.waitForSelector('#detail >> text=with Bo');
    await expectNoMissingValues(page, 'assigned');
    await page.click('#resolve');
    await page.waitForSelector('#detail >> text=resolved by Bo');
    await page.waitForSelector('#detail .badge.resolved');
    await expectNoMissingValues(page, 'resolved');
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'console-resolved.png') });
    expect((await api<{ ticket: Ticket }>(rig, `/tickets/${resolved.id}`)).body.ticket.status).toBe('resolved');

    // Nobody claims this one in time: the sweep closes it as abandoned.
    const abandoned = await open('+447700900323', 'SM75000000000000000000000000000012');
    await rig.runtime.handoff!.service.abandon(abandoned);
    await page.waitForSelector('#detail .badge.abandoned');
    await page.waitForSelector('#detail >> text=no agent in time');
    await expectNoMissingValues(page, 'abandoned');
    await page.close();
  });

  it('a long unbroken word from the customer wraps inside its bubble: nothing runs past the pane at 1280 px', { timeout: 120_000 }, async () => {
    const width = 1280;
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await signIn(page, 'Lu');
    const customer = '+447700900398';
    const word = 'https://example.com/' + 'x'.repeat(280);
    await customerSays(rig, customer, `I want to talk to a person about ${word}`, 'SM75000000000000000000000000000398');
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === customer));
    await customerSays(rig, customer, word, 'SM75000000000000000000000000000397');
    await page.locator(`[data-ticket="${ticket.id}"]`).click();
    await page.waitForSelector('#log .line.customer');
    const sizes = await page.evaluate(() => {
      const pane = document.getElementById('detail')!.getBoundingClientRect();
      const lines = [...document.querySelectorAll('#detail .line, #detail .summary, #detail dd')].map((node) => node.getBoundingClientRect().right);
      const detail = document.getElementById('detail')!;
      return { page: document.documentElement.scrollWidth, paneRight: pane.right, rightmost: Math.max(...lines), paneScroll: detail.scrollWidth - detail.clientWidth };
    });
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'console-long-word.png') });
    expect(sizes.page).toBeLessThanOrEqual(width);
    expect(sizes.paneScroll, 'the ticket pane scrolls sideways').toBe(0);
    expect(sizes.rightmost).toBeLessThanOrEqual(sizes.paneRight);
    await page.close();
  });

  it('names a known customer by the name in their record, not their web id', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'Em');
    const sent = await fetch(`${rig.url}/webhooks/web`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'web-emma', text: 'I want to talk to a person', id: 'console-name-1' }),
    });
    expect(sent.status).toBe(202);
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === 'web-emma'), 20_000);
    expect(ticket.contact.displayName).toBe('Emma de Vries');
    const row = page.locator(`[data-ticket="${ticket.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toContain('Emma de Vries');
    await row.click();
    await page.waitForSelector('#detail >> text=I want to talk to a person');
    expect(await page.locator('#detail dd').first().innerText()).toBe('Emma de Vries, web web-emma');
    await page.close();
  });

  it('says how urgent a ticket is in words: a stolen card is "urgent", a request for a person "normal", never "P2" or "P0"', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'Ur');
    const ticketOf = async (customer: string, text: string, sid: string) => {
      await customerSays(rig, customer, text, sid);
      return until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === customer));
    };
    const stolen = await ticketOf('+447700900396', 'my card was stolen', 'SM75000000000000000000000000000396');
    const person = await ticketOf('+447700900395', 'I want to talk to a person', 'SM75000000000000000000000000000395');
    // Stored and served as before (higher is more urgent), with the word beside it.
    expect(stolen.priority).toBeGreaterThan(person.priority);
    const label = async (id: string) => {
      const row = page.locator(`[data-ticket="${id}"]`);
      await row.waitFor({ timeout: 10_000 });
      return row.locator('.meta').innerText();
    };
    expect(await label(stolen.id)).toContain('urgent');
    expect(await label(person.id)).toContain('normal');
    expect(await page.locator('#tickets').innerText()).not.toMatch(/\bP\d\b/);
    await page.locator(`[data-ticket="${stolen.id}"]`).click();
    await page.waitForSelector('#detail >> text=my card was stolen');
    expect(await page.locator('#detail dl').innerText()).toMatch(/Priority\s+urgent/);
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'console-priority.png') });
    await page.close();
  });

  it('on a phone, fits the screen in one column and brings the picked ticket into view', { timeout: 120_000 }, async () => {
    const phone = { width: 390, height: 844 };
    const page = await browser.newPage({ viewport: phone });
    await signIn(page, 'Pia');
    await customerSays(rig, '+447700900399', 'I need a person, my parcel never came', 'SM75000000000000000000000000000399');
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === '+447700900399'));
    await page.locator(`[data-ticket="${ticket.id}"]`).click();
    await page.waitForSelector('#detail >> text=my parcel never came');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    const claim = await page.locator('#claim').boundingBox();
    expect(claim!.x + claim!.width).toBeLessThanOrEqual(phone.width);
    await until('the ticket in view', async () => {
      const top = (await page.locator('#detail').boundingBox())!.y;
      return top >= -1 && top < phone.height / 2;
    });
    await page.close();
  });
});
