import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../fixtures/index.ts';
import { parseTeamsActivity, WELCOME_ACTION } from '../../channels/teams/parse.ts';

const fixture = <T = Record<string, unknown>>(name: string) => fixtureJson<T>('botframework', name);

const TENANT = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const AAD = '00000000-1111-2222-3333-444444444444';

describe('Teams activities become messages', () => {
  it('strips the bot @mention from a channel message and keeps tenant and locale', () => {
    const outcome = parseTeamsActivity(fixture('vercel_teams_raw_message_channel_mention.json'));
    expect(outcome).toEqual({
      kind: 'message',
      message: {
        channel: 'teams',
        providerMessageId: '1766459963017',
        senderAddress: AAD,
        replyAddress: '19:d441d38c655c47a085215b2726e76927@thread.tacv2;messageid=1766459963017',
        conversationKey: '19:d441d38c655c47a085215b2726e76927@thread.tacv2;messageid=1766459963017',
        role: 'merchant',
        tenantId: TENANT,
        locale: 'en-US',
        displayName: 'Test User',
        text: 'test',
      },
    });
  });

  it('takes a follow-up in the same channel thread as the same conversation', () => {
    const mention = parseTeamsActivity(fixture('vercel_teams_raw_message_channel_mention.json'));
    const followUp = parseTeamsActivity(fixture('vercel_teams_raw_message_channel_followup.json'));
    expect(followUp).toMatchObject({ kind: 'message', message: { text: 'test', providerMessageId: '1766459970384' } });
    if (mention.kind !== 'message' || followUp.kind !== 'message') throw new Error('expected messages');
    expect(followUp.message.conversationKey).toBe(mention.message.conversationKey);
  });

  it('takes a personal chat as the person own thread', () => {
    const dm = fixture<{ dmMessage: unknown }>('vercel_replay_teams_dm.json').dmMessage;
    expect(parseTeamsActivity(dm)).toMatchObject({
      kind: 'message',
      message: { text: 'Hey', conversationKey: '', tenantId: TENANT, senderAddress: AAD, replyAddress: expect.stringMatching(/^a:17Ndit/) },
    });
  });

  it('strips a mention that has no entity text, and falls back to from.id without an AAD id', () => {
    const replay = fixture<{ mention: unknown }>('vercel_replay_teams_mention_followup.json');
    expect(parseTeamsActivity(replay.mention)).toMatchObject({
      kind: 'message',
      message: { text: 'Hey', senderAddress: expect.stringMatching(/^29:/) },
    });
  });

  it('turns a card submit into an action', () => {
    const replay = fixture<{ action: unknown }>('vercel_replay_teams_actions_reactions.json');
    expect(parseTeamsActivity(replay.action)).toMatchObject({ kind: 'message', message: { action: '{"actionId":"info"}', text: '' } });
    const own = { ...(replay.action as object), value: { choice: 'handoff', label: 'Talk to a person' } };
    expect(parseTeamsActivity(own)).toMatchObject({ kind: 'message', message: { action: 'handoff', text: 'Talk to a person' } });
  });

  it('welcomes when the bot is added, in the conversation it was added to', () => {
    expect(parseTeamsActivity(fixture('vercel_teams_raw_conversationUpdate.json'))).toMatchObject({
      kind: 'message',
      message: { action: WELCOME_ACTION, text: '', replyAddress: '19:d441d38c655c47a085215b2726e76927@thread.tacv2', tenantId: TENANT },
    });
  });

  it('ignores reactions, installation updates and members other than the bot', () => {
    const replay = fixture<{ reaction: unknown }>('vercel_replay_teams_actions_reactions.json');
    expect(parseTeamsActivity(replay.reaction)).toEqual({ kind: 'ignored', reason: 'activity:messageReaction' });
    expect(parseTeamsActivity(fixture('vercel_teams_raw_installationUpdate.json'))).toEqual({ kind: 'ignored', reason: 'activity:installationUpdate' });
    const update = fixture<Record<string, unknown>>('vercel_teams_raw_conversationUpdate.json');
    expect(parseTeamsActivity({ ...update, membersAdded: [{ id: '29:someone-else' }] })).toEqual({ kind: 'ignored', reason: 'conversation_update' });
  });
});
