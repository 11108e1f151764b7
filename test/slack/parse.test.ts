import { describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures/index.ts';
import { decodeReplyAddress } from '../../channels/slack/address.ts';
import { parseSlackEvent, parseSlackInteraction, slackMarkupToText } from '../../channels/slack/parse.ts';

const fixture = (name: string): string =>
  fixtureText('slack', name).replace(/^\uFEFF/, '');
const json = <T = Record<string, unknown>>(name: string) => JSON.parse(fixture(name)) as T;
const formPayload = (name: string) => JSON.parse(new URLSearchParams(fixture(name)).get('payload') ?? 'null') as unknown;

describe('Slack events become messages', () => {
  it('answers the url_verification challenge', () => {
    expect(parseSlackEvent(json('botbuilder_URLVerificationBody.json'))).toEqual({
      kind: 'url_verification',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('takes a direct message as the person talking in their own thread', () => {
    const outcome = parseSlackEvent(json('botbuilder_MessageBody.json'));
    expect(outcome).toMatchObject({
      kind: 'message',
      message: { channel: 'slack', providerMessageId: 'eventId', senderAddress: 'userId', text: 'Hello', role: 'staff', conversationKey: '' },
    });
    if (outcome.kind !== 'message') throw new Error('expected a message');
    expect(decodeReplyAddress(outcome.message.replyAddress ?? '')).toEqual({ channel: 'channelId' });
    expect(outcome.thread).toBeUndefined();
  });

  it('keeps a shared file as an attachment of the DM', () => {
    const outcome = parseSlackEvent(json('botbuilder_MessageBodyWithFileShare.json'));
    expect(outcome).toMatchObject({
      kind: 'message',
      message: { text: 'Hello', attachments: [{ url: 'https://files.slack.com/files-pri/teamId-fileId/download/fileName.png', contentType: 'image/png' }] },
    });
  });

  it('strips the mention from app_mention and answers in a thread of its own', () => {
    const replay = json<{ mention: unknown }>('vercel_replay_app_mention_dm.json');
    const outcome = parseSlackEvent(replay.mention);
    expect(outcome).toMatchObject({
      kind: 'message',
      message: { text: 'Hey', senderAddress: 'U00FAKEUSER1', conversationKey: 'C00FAKECHAN1:1767376988.871629', providerMessageId: 'C00FAKECHAN1:1767376988.871629' },
      thread: { key: 'C00FAKECHAN1:1767376988.871629', join: true },
    });
    if (outcome.kind !== 'message') throw new Error('expected a message');
    expect(decodeReplyAddress(outcome.message.replyAddress ?? '')).toEqual({ channel: 'C00FAKECHAN1', threadTs: '1767376988.871629' });
  });

  it('uses the event_id as the dedupe key when Slack sends one', () => {
    const replay = json<{ mention: unknown; memberJoinedChannel: unknown }>('vercel_replay_member_joined_channel.json');
    expect(parseSlackEvent(replay.mention)).toMatchObject({ kind: 'message', message: { providerMessageId: 'Ev00FAKE0002', text: 'test' } });
    expect(parseSlackEvent(replay.memberJoinedChannel)).toEqual({ kind: 'ignored', reason: 'event:member_joined_channel' });
  });

  it('takes a thread reply as part of that thread, only if the bot joined it', () => {
    const replay = json<{ followUp: unknown; mention: unknown }>('vercel_replay_mention_followup.json');
    expect(parseSlackEvent(replay.followUp)).toMatchObject({
      kind: 'message',
      message: { text: 'Hi', conversationKey: 'C00FAKECHAN1:1767224888.280449' },
      thread: { key: 'C00FAKECHAN1:1767224888.280449', join: false },
    });
    // The channel copy of a mention is answered through app_mention, not twice.
    expect(parseSlackEvent(replay.mention)).toEqual({ kind: 'ignored', reason: 'mention_answered_via_app_mention' });
  });

  it('takes a DM in the DM channel, and a thread reply in a channel', () => {
    const replay = json<{ dmMessage: unknown; dmRequest: unknown }>('vercel_replay_app_mention_dm.json');
    expect(parseSlackEvent(replay.dmMessage)).toMatchObject({ kind: 'message', message: { text: 'Hey!', conversationKey: '' } });
    expect(parseSlackEvent(replay.dmRequest)).toMatchObject({ kind: 'message', message: { text: 'DM me' }, thread: { join: false } });
  });

  it('ignores the channel copy of a mention with rich text', () => {
    const replay = json<{ mention: unknown }>('vercel_replay_channel_mention.json');
    expect(parseSlackEvent(replay.mention)).toEqual({ kind: 'ignored', reason: 'mention_answered_via_app_mention' });
  });

  it('ignores reactions, bot posts, edits and joins', () => {
    expect(parseSlackEvent(json('botbuilder_ReactionAddedEvent.json'))).toEqual({ kind: 'ignored', reason: 'event:reaction_added' });
    const dm = json<{ event: Record<string, unknown> }>('botbuilder_MessageBody.json');
    const variant = (event: Record<string, unknown>) => ({ ...dm, event: { ...dm.event, ...event } });
    expect(parseSlackEvent(variant({ bot_id: 'B1' }))).toEqual({ kind: 'ignored', reason: 'not_a_person' });
    expect(parseSlackEvent(variant({ subtype: 'bot_message' }))).toEqual({ kind: 'ignored', reason: 'subtype:bot_message' });
    expect(parseSlackEvent(variant({ subtype: 'message_changed' }))).toEqual({ kind: 'ignored', reason: 'subtype:message_changed' });
    expect(parseSlackEvent(variant({ subtype: 'channel_join' }))).toEqual({ kind: 'ignored', reason: 'subtype:channel_join' });
    const ownPost = json<{ mention: { event: Record<string, unknown> } }>('vercel_replay_app_mention_dm.json').mention;
    expect(parseSlackEvent({ ...ownPost, event: { ...ownPost.event, user: 'U00FAKEBOT01' } })).toEqual({ kind: 'ignored', reason: 'not_a_person' });
  });

  it('turns Slack markup into plain text', () => {
    expect(slackMarkupToText('<@UBOT> see <#C1|general> &amp; <https://x.test|docs>', 'UBOT')).toBe('see #general & docs (https://x.test)');
  });
});

describe('Slack interactions become messages', () => {
  it('turns a button click into an action in its thread', () => {
    const replay = json<{ action: unknown }>('vercel_replay_block_actions_reactions.json');
    const outcome = parseSlackInteraction(replay.action);
    expect(outcome).toMatchObject({
      kind: 'message',
      message: {
        providerMessageId: '10215325802133.3901254001572.2e2548aa918b35fd85829545c2d4ae2b',
        senderAddress: 'U00FAKEUSER1',
        text: 'Show Info',
        action: 'info',
        conversationKey: 'C00FAKECHAN1:1767326125.870439',
      },
    });
    if (outcome.kind !== 'message') throw new Error('expected a message');
    expect(decodeReplyAddress(outcome.message.replyAddress ?? '')).toEqual({ channel: 'C00FAKECHAN1', threadTs: '1767326125.870439' });
  });

  it('turns a menu choice in a DM into an action in the person thread', () => {
    expect(parseSlackInteraction(formPayload('botbuilder_BlockActionsBody.txt'))).toMatchObject({
      kind: 'message',
      message: { text: 'Apple', action: 'select-fruit|apple', senderAddress: 'UCJ0BJ4MP', conversationKey: '' },
    });
    const replay = json<{ staticSelectAction: unknown; radioButtonsAction: unknown }>('vercel_replay_block_actions_reactions.json');
    expect(parseSlackInteraction(replay.staticSelectAction)).toMatchObject({ kind: 'message', message: { text: 'Say Hello', action: 'greet' } });
    expect(parseSlackInteraction(replay.radioButtonsAction)).toMatchObject({ kind: 'message', message: { action: 'all_text' } });
  });

  it('ignores legacy attachments and modal submissions', () => {
    const replay = json<{ viewSubmission: unknown }>('vercel_replay_slash_commands.json');
    expect(parseSlackInteraction(replay.viewSubmission)).toEqual({ kind: 'ignored', reason: 'interaction:view_submission' });
    expect(parseSlackInteraction({ type: 'interactive_message', user: { id: 'U1' } })).toEqual({ kind: 'ignored', reason: 'interaction:interactive_message' });
  });
});
