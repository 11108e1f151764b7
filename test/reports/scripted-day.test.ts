import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import type { Report } from '../../src/reports/query.ts';
import { expectNoMissingValues, launchChromium, signIn } from '../handoff/browser.ts';
import { api, customerTexts, SMS_FROM, staffWritesDirect, startRig, until, type Rig } from '../handoff/harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { webClient } from '../helpers/web-client.ts';

/*
 * A day of traffic through the web, SMS and Slack fakes, then the report: the API (JSON and CSV),
 * the Prometheus metrics and the console's Reports page in Chromium show exactly what the traffic
 * implies. Seven conversations: four answered by the assistant alone, three handed to a person
 * for three reasons; two resolved and rated (5 and 3); one SLA breach.
 */
const OLIVER = '+447700900123';
const LUKAS = '+4915112345678';
const ASTRID = '+46701234567';
const rulesFile = join(tempDir(), 'queues.json');
writeFileSync(
  rulesFile,
  JSON.stringify({
    defaultQueue: 'general',
    queues: [
      { id: 'general', name: 'General', firstResponseMinutes: 10, resolutionMinutes: 240 },
      // Answer a stolen card within a third of a second, or the SLA is breached.
      { id: 'security', name: 'Card security', restricted: true, firstResponseMinutes: 0.005, resolutionMinutes: 240 },
    ],
    rules: [{ when: { reason: ['stolen_card'] }, queue: 'security', priority: 2 }],
    agents: [{ id: 'gus', name: 'Gus', queues: ['general'] }],
  }),
);

let rig: Rig;
let browser: Browser;
beforeAll(async () => {
  rig = await startRig({ TWILIO_SMS_FROM: SMS_FROM, HANDOFF_QUEUES_FILE: rulesFile, HANDOFF_AGENT_TOKENS: 'gus=gus-token-123456' });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const texts = (to: string) => rig.twilio.messages.filter((message) => message.to === to).map((message) => message.body ?? '');
const report = (query = '', token?: string) => api<Report>(rig, `/reports${query}`, token ? { token } : {});

/** Opens a ticket over SMS, answers it as an agent, resolves it and lets the customer rate it. */
async function handled(number: string, text: string, sid: string, rating: string, before?: (ticket: Ticket) => Promise<void>): Promise<Ticket> {
  expect(await customerTexts(rig, number, text, `${sid}1`)).toBe(200);
  const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((found) => found.contact.senderAddress === number));
  await before?.(ticket);
  expect((await api(rig, `/tickets/${ticket.id}/reply`, { method: 'POST', agentName: 'Ana', body: { text: 'Ana here, I am on it.' } })).status).toBe(202);
  expect((await api(rig, `/tickets/${ticket.id}/resolve`, { method: 'POST', agentName: 'Ana', body: { note: 'Sorted.' } })).status).toBe(200);
  await until('the rating question', () => texts(number).some((body) => body.includes('from 1 (poor) to 5 (excellent)')), 20_000);
  await customerTexts(rig, number, rating, `${sid}2`);
  return until('the rating stored', async () => {
    const { body } = await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`);
    return body.ticket.rating !== undefined ? body.ticket : undefined;
  }, 20_000);
}

describe('reports after a scripted day of traffic', () => {
  it('show in the API, the CSV, the metrics and the console exactly what the traffic implies', { timeout: 240_000 }, async () => {
    // Before any traffic: the demo seed, labelled as such.
    const seeded = await report();
    expect(seeded.body.data).toMatchObject({ shown: ['demo'], label: expect.stringContaining('Demo data') });
    expect(seeded.body.totals.conversations).toBeGreaterThan(0);

    const web = webClient(rig.url);
    // Web: two questions answered by the assistant (one of them over two messages), and one that ends with a frustrated customer.
    await web.ask('web-guest-1', 'what is your return policy?');
    await web.ask('web-guest-2', 'hi');
    await web.ask('web-guest-2', 'where is my order?');
    await web.ask('web-guest-3', 'where is my order 1043');
    const angry = await web.ask('web-guest-3', 'This is USELESS!!! worst service, absolutely ridiculous');
    expect(angry.meta).toMatchObject({ escalated: true });
    // SMS: one answered; one asks for a person and rates 5; a stolen card waits past its SLA, then rates 3.
    expect(await customerTexts(rig, ASTRID, 'when is my next payment due?', 'SM90000000000000000000000000000001')).toBe(200);
    await until('the SMS answer', () => texts(ASTRID).length === 1, 20_000);
    const asked = await handled(OLIVER, 'I want to talk to a person', 'SM9000000000000000000000000000010', '5');
    const stolen = await handled(LUKAS, 'my card was stolen', 'SM9000000000000000000000000000020', '3', async (ticket) => {
      await until('the breach', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.breaches.firstResponse || undefined, 20_000);
    });
    // Slack: a colleague's question the assistant answers.
    expect(await staffWritesDirect(rig, 'USTAFF1', 'DSTAFF1', 'hello', 'Ev90000001')).toBe(200);
    await until('the Slack answer', () => rig.slack.posted.some((post) => post.channel === 'DSTAFF1'), 20_000);
    await rig.runtime.gateway.idle();

    const { status, body } = await report();
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ shown: ['live'] });
    expect(body.data.label).toBeUndefined();
    const { totals } = body;
    expect(totals).toMatchObject({
      conversations: 7,
      // web 1 + 2 + 2, SMS 1 + 2 + 2 (the ratings count, the assistant's comeback does not), Slack 1
      messages: 11,
      automated: 4,
      automationRate: Number((4 / 7).toFixed(3)),
      escalated: 3,
      reopened: 0,
      resolved: 2,
      abandoned: 0,
      slaBreaches: 1,
      ratings: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 },
      ratingsCount: 2,
      csatAverage: 4,
      csatSatisfied: 0.5,
    });
    const firstResponses = [asked, stolen].map((ticket) => new Date(ticket.firstResponseAt!).getTime() - new Date(ticket.createdAt).getTime());
    expect(totals.avgFirstResponseSeconds).toBe(Number(((firstResponses[0]! + firstResponses[1]!) / 2 / 1000).toFixed(1)));
    expect(totals.avgResolutionSeconds).toBeGreaterThan(0);
    expect(body.escalationReasons.map((row) => [row.reason, row.conversations])).toEqual([['frustration', 1], ['requested_human', 1], ['stolen_card', 1]]);
    const byChannel = Object.fromEntries(body.breakdowns.channel.map((row) => [row.value, [row.conversations, row.automated]]));
    expect(byChannel).toEqual({ web: [3, 2], sms: [3, 1], slack: [1, 1] });
    expect(body.breakdowns.market.find((row) => row.value === 'DE')).toMatchObject({ conversations: 1, escalated: 1 });
    // Web visitors nobody knows and a colleague in Slack have no market: "unknown", not the default market (US).
    const byMarket = Object.fromEntries(body.breakdowns.market.map((row) => [row.value, row.conversations]));
    expect(byMarket).toEqual({ unknown: 4, SE: 1, GB: 1, DE: 1 });
    const today = body.days.find((day) => day.conversations > 0)!;
    expect(today).toMatchObject({ conversations: 7, automated: 4 });
    expect(body.lowestContainment[0]!.containment).toBe(0);

    // An agent sees the conversations that reached their queues: the person asked for, and the frustrated web customer.
    const gus = await report('', 'gus-token-123456');
    expect(gus.body.scope.queues).toEqual(['general']);
    expect(gus.body.totals).toMatchObject({ conversations: 2, escalated: 2, resolved: 1, ratingsCount: 1, csatAverage: 5, slaBreaches: 0 });
    expect((await report('', 'not-a-token')).status).toBe(401);

    // For a team's own BI: grouped JSON and CSV.
    const grouped = await report(`?from=${today.day}&to=${today.day}&groupBy=queue,reason`);
    expect(grouped.body.groups?.find((group) => group.key.queue === 'security' && group.key.reason === 'stolen_card')).toMatchObject({ conversations: 1, slaBreaches: 1 });
    // Two facets at once are not kept: a clear 400 that says which groupings there are.
    const crossed = await api<{ message: string }>(rig, '/reports?groupBy=channel,reason');
    expect(crossed.status).toBe(400);
    expect(crossed.body.message).toContain('at most one of channel, market');
    const csv = await fetch(`${rig.url}/api/handoff/reports?from=${today.day}&to=${today.day}&groupBy=channel`, { headers: { authorization: 'Bearer console-token-0123456789', accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toMatch(/^channel,conversations,messages,automated,automation_rate,escalated/);
    expect(rows.find((row) => row.startsWith('sms,'))).toMatch(/^sms,3,5,1,0\.333,2,/);
    expect((await report('?from=2026-13-01')).status).toBe(400);
    expect((await report('?from=2026-01-10&to=2026-01-01')).status).toBe(400);
    expect((await report('?groupBy=customer')).status).toBe(400);

    // Prometheus: the rates.
    const metrics = await (await fetch(`${rig.url}/metrics`)).text();
    const sum = (name: string) => [...metrics.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'gm'))].reduce((total, match) => total + Number(match[2]), 0);
    expect(sum('switchboard_conversations_total')).toBe(7);
    expect(sum('switchboard_conversations_automated_total') - sum('switchboard_conversations_unautomated_total')).toBe(4);
    expect(sum('switchboard_conversations_escalated_total')).toBe(3);
    expect(metrics).toMatch(/switchboard_conversations_escalated_total\{channel="sms",reason="stolen_card"\} 1/);
    expect(sum('switchboard_ticket_rating_count')).toBe(2);
    expect(sum('switchboard_ticket_rating_sum')).toBe(8);

    // The console's Reports page in Chromium: the same numbers, charts drawn.
    const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
    await signIn(page, rig, 'Ana');
    await page.click('#reports-link');
    await page.waitForSelector('body[data-loaded]');
    expect(await page.locator('#kpi-conversations .value').innerText()).toBe('7');
    expect(await page.locator('#kpi-automated .value').innerText()).toBe('57%');
    expect(await page.locator('#kpi-csat .value').innerText()).toBe('4.00');
    expect(await page.locator('#kpi-breaches .value').innerText()).toBe('1');
    expect(await page.locator('#banner').isVisible()).toBe(false);
    expect(await page.locator(`[data-chart="trend"] [data-day="${today.day}"]`).getAttribute('data-conversations')).toBe('7');
    expect(await page.locator('[data-chart="reasons"] [data-label="stolen_card"]').textContent()).toContain('1');
    expect(await page.locator('[data-chart="channel"] [data-label="sms"]').textContent()).toContain('3');
    expect(await page.locator('[data-chart="market"] [data-label="unknown"]').textContent()).toContain('4');
    expect(await page.locator('[data-chart="market"] [data-label="US"]').count()).toBe(0);
    await expectNoMissingValues(page, 'showing the report');
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'reports.png'), fullPage: true });
    // The demo data is still there on request, and says what it is.
    await page.selectOption('#source', 'demo');
    await page.waitForSelector('#banner:has-text("DEMO DATA")');
    await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOT_DIR ?? rig.dir, 'reports-demo.png'), fullPage: true });
    await page.close();
  });
});
