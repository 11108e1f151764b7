/**
 * Microsoft Teams: Bot Framework activities with a JWT signed by a key the OpenID metadata
 * publishes (the local fake's), bound to the activity's serviceUrl; replies through
 * botbuilder's CloudAdapter to the fake Bot Connector at that serviceUrl.
 */
import { createTeamsChannel, type TeamsConfig } from '../../channels/teams/index.ts';
import type { TeamsCredentialsFactory } from '../../channels/teams/auth.ts';
import { startFakeBotConnector } from '../fakes/bot-connector.ts';
import type { ChannelFixture, Delivery, UnsignedRequest } from './fixture.ts';

const APP_ID = '33333333-4444-5555-6666-777777777777';
const CONVERSATION = 'a:contract-personal-chat';

interface Card {
  body?: { type: string; text: string }[];
  actions?: { title: string; data: { choice: string; label: string } }[];
  fallbackText?: string;
}

/** Outbound tokens from a local source instead of Azure AD: the fake connector only records them. */
const localCredentials: TeamsCredentialsFactory = {
  isValidAppId: async (appId: string) => appId === APP_ID,
  isAuthenticationDisabled: async () => false,
  createCredentials: async () => ({
    signRequest: async (request) => {
      request.headers.set('authorization', 'Bearer local-outbound-token');
      return request;
    },
  }),
};

function deliveryOf(conversationId: string, activity: Record<string, unknown>): Delivery {
  const attachments = (activity.attachments ?? []) as { content: Card }[];
  const card = attachments[0]?.content;
  if (!card) return { to: conversationId, texts: [String(activity.text ?? '')] };
  return {
    to: conversationId,
    texts: (card.body ?? []).map((block) => block.text),
    previews: [String(activity.summary ?? ''), card.fallbackText ?? ''],
    ...(card.actions?.length ? { choiceLabels: card.actions.map((action) => action.title) } : {}),
  };
}

export const teamsFixture: ChannelFixture = {
  id: 'teams',
  longReplies: 'split',
  async start(context) {
    const connector = await startFakeBotConnector();
    const config: TeamsConfig = {
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'contract-password',
      MICROSOFT_APP_TENANT_ID: undefined,
      MICROSOFT_APP_TYPE: 'MultiTenant',
      NODE_ENV: 'test',
      MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl,
    };
    const adapter = createTeamsChannel(config, context, { credentialsFactory: localCredentials });
    let seen = 0;
    const activity = (id: string, fields: Record<string, unknown>) => ({
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      from: { id: '29:contract-merchant', aadObjectId: 'aad-contract-merchant', name: 'Contract Merchant' },
      recipient: { id: `28:${APP_ID}`, name: 'Switchboard' },
      conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: 'tenant-contract' },
      locale: 'en-US',
      ...fields,
    });
    const request = (body: unknown): UnsignedRequest => ({ path: '/api/messages', contentType: 'application/json', body: JSON.stringify(body) });
    return {
      adapter,
      inbound: {
        kind: 'webhook',
        message: (text, id) => request(activity(id, { text })),
        // From the connector (its channel and serviceUrl, so the token holds), but no activity.
        malformed: () => request({ channelId: 'msteams', serviceUrl: connector.serviceUrl, text: 'no type' }),
        verification: {
          sign: (unsigned, options = {}) => {
            const expiresInSeconds = options.at ? Math.floor((options.at.getTime() - Date.now()) / 1000) : 3600;
            const token = connector.signToken(APP_ID, { wrongKey: options.forged, expiresInSeconds });
            return { ...unsigned, headers: { 'content-type': unsigned.contentType, authorization: `Bearer ${token}` } };
          },
          // The token covers the serviceUrl replies go to, not the text: a body pointing replies elsewhere is refused.
          tamper: (unsigned) => ({ ...unsigned, body: unsigned.body.replace(JSON.stringify(connector.serviceUrl), JSON.stringify('https://attacker.example/')) }),
          stale: 'signed-time',
        },
        // A card button: Teams posts the Action.Submit data back as the activity's value.
        choose: (_last: Delivery, index: number, id: string) => {
          const card = ((connector.posts.at(-1)!.activity.attachments ?? []) as { content: Card }[])[0]!.content;
          return request(activity(id, { text: undefined, value: card.actions![index]!.data }));
        },
      },
      provider: {
        kind: 'fake',
        async next() {
          const post = (await connector.waitForPosts(seen + 1))[seen]!;
          seen += 1;
          return deliveryOf(post.conversationId, post.activity);
        },
        rateLimitNext: (seconds) => connector.rateLimit(1, seconds),
        refuseNext: () => connector.fail(1, 403),
      },
      destination: () => CONVERSATION,
      close: () => connector.close(),
    };
  },
};
