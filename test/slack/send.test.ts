import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeReplyAddress } from '../../channels/slack/address.ts';
import { createSlackChannel } from '../../channels/slack/index.ts';
import { markdownToMrkdwn, markdownToPlainText, renderSlackMessage } from '../../channels/slack/render.ts';
import { ChannelError, RateLimitError } from '../../src/errors.ts';
import type { ChannelAdapter, ChannelStateStore, Logger } from '../../src/gateway/channel.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
const noState: ChannelStateStore = { get: async () => undefined, set: async () => {}, delete: async () => {} };

let slackApi: FakeSlackApi;
let channel: ChannelAdapter;

const reply = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'out-1',
  channel: 'slack',
  recipientAddress: 'U00FAKEUSER1',
  replyAddress: encodeReplyAddress({ channel: 'C00FAKECHAN1', threadTs: '1767224888.280449' }),
  text: 'Your refund of **€20** is on its way. [Details](https://shop.test/r/1)',
  language: 'en',
  createdAt: new Date(),
  ...overrides,
});

beforeAll(async () => {
  slackApi = await startFakeSlackApi();
  channel = createSlackChannel(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slackApi.url },
    { state: noState, logger: silentLogger, reportDelivery: async () => {} },
  );
});

afterAll(() => slackApi.close());

describe('Slack answers', () => {
  it('posts in the right channel and thread, in mrkdwn, with the bot token', async () => {
    const receipt = await channel.send(reply());
    const call = slackApi.calls.at(-1);
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.token).toBe('xoxb-test');
    expect(call?.args).toMatchObject({ channel: 'C00FAKECHAN1', thread_ts: '1767224888.280449' });
    expect(call?.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Your refund of *€20* is on its way. <https://shop.test/r/1|Details>' } },
    ]);
    expect(receipt.providerMessageId).toMatch(/^C00FAKECHAN1:\d+\.\d+$/);
  });

  it('answers a DM at the top of the DM, not in a thread', async () => {
    await channel.send(reply({ replyAddress: encodeReplyAddress({ channel: 'D0A5319PS02' }) }));
    const args = slackApi.posted.at(-1);
    expect(args?.channel).toBe('D0A5319PS02');
    expect(args?.thread_ts).toBeUndefined();
  });

  it('draws choices as buttons whose values come back as actions', async () => {
    await channel.send(reply({ text: 'Anything else?', choices: [{ label: 'Talk to a person', value: 'handoff' }, { label: 'No thanks', value: 'done' }] }));
    const blocks = slackApi.posted.at(-1)?.blocks as { type: string; elements?: { text: { text: string }; value: string }[] }[];
    const actions = blocks.find((block) => block.type === 'actions');
    expect(actions?.elements?.map((button) => [button.text.text, button.value])).toEqual([
      ['Talk to a person', 'handoff'],
      ['No thanks', 'done'],
    ]);
  });

  it('turns a 429 into a RateLimitError with Retry-After, without waiting itself', async () => {
    slackApi.rateLimit('chat.postMessage', 1, 7);
    const started = Date.now();
    const error = await channel.send(reply()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
    expect(Date.now() - started).toBeLessThan(2000);
    // Nothing lost: the outbox sends it again later and it goes through.
    await expect(channel.send(reply())).resolves.toHaveProperty('providerMessageId');
  });

  it('marks 5xx as retryable and channel_not_found as final', async () => {
    slackApi.fail('chat.postMessage', 1, { status: 503 });
    const unavailable = await channel.send(reply()).catch((caught: unknown) => caught);
    expect(unavailable).toBeInstanceOf(ChannelError);
    expect((unavailable as ChannelError).retryable).toBe(true);

    slackApi.fail('chat.postMessage', 1, { error: 'channel_not_found' });
    const missing = await channel.send(reply()).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(ChannelError);
    expect((missing as ChannelError).retryable).toBe(false);
    expect((missing as ChannelError).code).toBe('slack_channel_not_found');
  });
});

describe('Slack rendering', () => {
  it('escapes what Slack would read as markup and keeps links', () => {
    expect(markdownToMrkdwn('# Order <42> & co\n- one\n- two')).toBe('*Order &lt;42&gt; &amp; co*\n• one\n• two');
  });

  it('gives notifications plain text: no Markdown markers, links spelled out, mentions kept', () => {
    expect(markdownToPlainText('**Ticket #2: requested human**\n**Customer:** Maya <@U123>\n> 👤 hi & bye\nSee [the order](https://shop.example/1)')).toBe(
      'Ticket #2: requested human\nCustomer: Maya <@U123>\n👤 hi &amp; bye\nSee the order (https://shop.example/1)',
    );
    const rendered = renderSlackMessage({ text: '# Title\n**bold** and ~~gone~~' });
    expect(rendered.text).toBe('Title\nbold and gone');
    expect((rendered.blocks[0] as { text: { text: string } }).text.text).toBe('*Title*\n*bold* and ~gone~');
  });

  it('splits a long answer into sections within Slack limits', () => {
    const rendered = renderSlackMessage({ text: Array.from({ length: 200 }, (_, index) => `line ${index} ${'x'.repeat(40)}`).join('\n') });
    expect(rendered.blocks.length).toBeGreaterThan(1);
    for (const block of rendered.blocks) expect(((block.text as { text: string }).text).length).toBeLessThanOrEqual(3000);
  });
});
