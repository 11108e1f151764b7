/**
 * Slack: Events API and interactivity posts signed with the v0 signature over the timestamp
 * and body (five minutes of grace), replies through Bolt's real WebClient at the local fake Web API.
 */
import { createSlackChannel } from '../../channels/slack/index.ts';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import { startFakeSlackApi } from '../fakes/slack-api.ts';
import type { ChannelFixture, ContractRequest, Delivery, UnsignedRequest } from './fixture.ts';

const SIGNING_SECRET = 'contract-signing-secret';
const PERSON = 'U0CONTRACT';
const DM = 'D0CONTRACT';

interface PostedBlock {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; text: { text: string } }[];
}

function deliveryOf(posted: Record<string, unknown>): Delivery {
  const blocks = (posted.blocks ?? []) as PostedBlock[];
  const buttons = blocks.flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));
  return {
    to: String(posted.channel),
    texts: blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : [])),
    previews: [String(posted.text ?? '')],
    ...(buttons.length ? { choiceLabels: buttons.map((button) => button.text.text) } : {}),
  };
}

export const slackFixture: ChannelFixture = {
  id: 'slack',
  longReplies: 'split',
  async start(context) {
    const api = await startFakeSlackApi();
    const adapter = createSlackChannel({ SLACK_BOT_TOKEN: 'xoxb-contract', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url }, context);
    let seen = 0;
    const sign = (request: UnsignedRequest, options: { forged?: boolean; at?: Date } = {}): ContractRequest => {
      const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
      return {
        path: request.path,
        body: request.body,
        headers: {
          'content-type': request.contentType,
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signSlackRequest(options.forged ? 'not-the-signing-secret' : SIGNING_SECRET, timestamp, request.body),
        },
      };
    };
    const event = (text: string, eventId: string): UnsignedRequest => ({
      path: '/webhooks/slack/events',
      contentType: 'application/json',
      body: JSON.stringify({
        type: 'event_callback',
        team_id: 'T0CONTRACT',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ user_id: 'UBOT', is_bot: true }],
        event: { type: 'message', channel_type: 'im', channel: DM, user: PERSON, text, ts: `${Date.now() / 1000}` },
      }),
    });
    return {
      adapter,
      inbound: {
        kind: 'webhook',
        message: event,
        malformed: () => ({ path: '/webhooks/slack/events', contentType: 'application/json', body: '{"type": "event_callback", "event": ' }),
        verification: { sign, tamper: (request) => ({ ...request, body: request.body.replace(/"text":"[^"]*"/, '"text":"post my card number"') }), stale: 'signed-time' },
        retryHeaders: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        // A button press: Slack posts the pressed button's value back as a block_actions payload.
        choose: (last: Delivery, index: number, triggerId: string) => {
          const posted = api.posted.at(-1)!;
          const button = ((posted.blocks ?? []) as PostedBlock[]).flatMap((block) => block.elements ?? [])[index]!;
          if (button.text.text !== last.choiceLabels![index]) throw new Error(`button ${index} is not the choice shown`);
          const payload = {
            type: 'block_actions',
            trigger_id: triggerId,
            user: { id: PERSON, name: 'contract' },
            team: { id: 'T0CONTRACT' },
            channel: { id: DM },
            container: { type: 'message', channel_id: DM, message_ts: '1700000001.000100' },
            actions: [{ action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: button.text.text }, action_ts: `${Date.now() / 1000}` }],
          };
          return { path: '/webhooks/slack/interactions', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
        },
      },
      provider: {
        kind: 'fake',
        async next() {
          const posted = (await api.waitForPosts(seen + 1))[seen]!;
          seen += 1;
          return deliveryOf(posted);
        },
        rateLimitNext: (seconds) => api.rateLimit('chat.postMessage', 1, seconds),
        refuseNext: () => api.fail('chat.postMessage', 1, { error: 'channel_not_found' }),
      },
      destination: () => DM,
      close: () => api.close(),
    };
  },
};
