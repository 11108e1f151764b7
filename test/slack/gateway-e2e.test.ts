import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';

/*
 * Slack and Teams through the real gateway (inbox, dispatcher, assistant, outbox),
 * with the Slack Web API and the Bot Connector played by local fakes.
 */
const SECRET = 'e2e-signing-secret';
let slackApi: FakeSlackApi;
let connector: FakeBotConnector;
let gateway: RunningGateway;
let url: string;

const slackEvent = (eventId: string, event: Record<string, unknown>) =>
  JSON.stringify({ type: 'event_callback', event_id: eventId, team_id: 'T1', authorizations: [{ user_id: 'UBOT', is_bot: true }], event });

function postSlack(body: string, options: { secret?: string; timestamp?: number; retry?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return fetch(`${url}/webhooks/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(options.secret ?? SECRET, timestamp, body),
      ...(options.retry ? { 'x-slack-retry-num': options.retry } : {}),
    },
    body,
  });
}

const postTeams = (activity: Record<string, unknown>) =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceUrl: connector.serviceUrl, ...activity }) });

const settle = (ms = 600) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  slackApi.users.set('UES', { id: 'UES', locale: 'es-ES' });
  slackApi.users.set('UEN', { id: 'UEN', locale: 'en-US' });
  connector = await startFakeBotConnector();
  gateway = await startGateway({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.url });
  url = gateway.url;
});

afterAll(async () => {
  await gateway?.stop();
  await slackApi?.close();
  await connector?.close();
});

describe('Slack through the running gateway', () => {
  it('answers a DM once, in the DM, despite a Slack retry of the same event', async () => {
    const body = slackEvent('EvDM1', { type: 'message', channel_type: 'im', channel: 'D1', user: 'UES', ts: '100.1', text: '¿Dónde está mi reembolso del pedido 1042?' });
    expect((await postSlack(body)).status).toBe(200);
    expect((await postSlack(body, { retry: '1' })).status).toBe(200);
    const [answer] = await slackApi.waitForPosts(1);
    await settle();
    expect(slackApi.posted).toHaveLength(1);
    expect(answer).toMatchObject({ channel: 'D1' });
    expect(answer?.thread_ts).toBeUndefined();
    expect(String(answer?.text).length).toBeGreaterThan(5);
  });

  it('answers a channel mention in its thread, and a reply in that thread in the same thread', async () => {
    const before = slackApi.posted.length;
    await postSlack(slackEvent('EvM1', { type: 'app_mention', channel: 'C1', user: 'UEN', ts: '200.1', text: '<@UBOT> where is my order?' }));
    await slackApi.waitForPosts(before + 1);
    await postSlack(slackEvent('EvM2', { type: 'message', channel_type: 'channel', channel: 'C1', user: 'UEN', ts: '200.5', thread_ts: '200.1', text: 'thanks!' }));
    const posted = await slackApi.waitForPosts(before + 2);
    expect(posted.slice(before).map((post) => [post.channel, post.thread_ts])).toEqual([
      ['C1', '200.1'],
      ['C1', '200.1'],
    ]);
  });

  it('refuses forged and stale events, and nothing is answered', async () => {
    const before = slackApi.posted.length;
    const body = slackEvent('EvForged', { type: 'message', channel_type: 'im', channel: 'D9', user: 'UEN', ts: '300.1', text: 'hello' });
    expect((await postSlack(body, { secret: 'forged' })).status).toBe(401);
    expect((await postSlack(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    await settle();
    expect(slackApi.posted).toHaveLength(before);
  });
});

describe('Teams through the running gateway', () => {
  const dm = {
    type: 'message',
    id: 'teams-dm-1',
    channelId: 'msteams',
    locale: 'de-DE',
    text: 'Wo ist meine Rückerstattung für Bestellung 1042?',
    from: { id: '29:user', aadObjectId: 'aad-user-1', name: 'Merchant' },
    recipient: { id: '28:bot', name: 'Switchboard' },
    conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: 'tenant-1' },
  };

  it('answers a personal chat once, in its conversation, despite a duplicate delivery', async () => {
    expect((await postTeams(dm)).status).toBe(200);
    expect((await postTeams(dm)).status).toBe(200);
    const [answer] = await connector.waitForPosts(1);
    await settle();
    expect(connector.posts).toHaveLength(1);
    expect(answer?.conversationId).toBe('a:personal-1');
    // In the person's language: the activity locale (de-DE) decided it.
    expect(answer?.activity.locale).toBe('de');
    expect(String(answer?.activity.text ?? JSON.stringify(answer?.activity.attachments)).length).toBeGreaterThan(5);
  });

  it('welcomes once when the bot is added: a greeting, not "not sure I understood"', async () => {
    const before = connector.posts.length;
    await postTeams({
      type: 'conversationUpdate',
      id: 'teams-added-1',
      channelId: 'msteams',
      from: { id: '29:user', aadObjectId: 'aad-user-2' },
      recipient: { id: '28:bot', name: 'Switchboard' },
      membersAdded: [{ id: '28:bot' }],
      conversation: { id: 'a:personal-2', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    const posts = await connector.waitForPosts(before + 1);
    await settle();
    expect(connector.posts).toHaveLength(before + 1);
    expect(posts.at(-1)?.conversationId).toBe('a:personal-2');
    const shown = JSON.stringify(posts.at(-1)?.activity);
    expect(shown).toContain('Hi! I can help with');
    expect(shown).not.toContain('not sure I understood');
  });
});
