import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { api, CONSOLE_TOKEN, customerSays, startRig, until, type Rig } from './harness.ts';

/*
 * The agent console in a real browser (Debian's headless Chromium, never a downloaded one):
 * sign in with the token, see the ticket arrive live, claim, reply, resolve.
 */
const CHROMIUM = '/usr/bin/chromium';
const CUSTOMER = '+447700900321';
let rig: Rig;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  rig = await startRig();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const toCustomer = () => rig.twilio.messages.filter((message) => message.to === `whatsapp:${CUSTOMER}`).map((message) => message.body ?? '');

describe('the agent console in Chromium', () => {
  it('signs in with the token, sees a new ticket live, claims, replies and resolves', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${rig.url}/console`);
    await page.fill('#name', 'Ana');
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Wrong token.');
    await page.fill('#token', CONSOLE_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#status:has-text("live")');

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
});
