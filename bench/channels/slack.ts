import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import { startFakeSlackApi } from '../../test/fakes/slack-api.ts';
import { drainReport, withChild, type Child } from '../child.ts';
import { describeLoad, warmThenLoad, type ChannelBenchOptions } from '../load.ts';

const PATH = '/webhooks/slack/events';
const SIGNING_SECRET = 'bench-slack-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
const PEOPLE = 500;
const TEXTS = ['where is my refund for order 1042?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks!'];

const userOf = (n: number) => `U${String(n % PEOPLE).padStart(8, '0')}`;

/**
 * Signed Slack message events (DMs) accepted per second: Bolt's own ExpressReceiver + App
 * and the real gateway, each a child process, in the same run; then how many replies
 * reached the fake Web API (`chat.postMessage`) once the gateway's backlog drained.
 */
export async function benchSlack(options: ChannelBenchOptions): Promise<void> {
  const { seconds, connections, row } = options;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-slack-'));
  const api = await startFakeSlackApi();
  // Known people, so the gateway's users.info locale lookup succeeds (once per person, then cached).
  for (let n = 0; n < PEOPLE; n++) api.users.set(userOf(n), { id: userOf(n), locale: 'en-US' });
  const run = Date.now().toString(36).toUpperCase();
  const epoch = Math.floor(Date.now() / 1000);
  let sent = 0;
  const signedLoad = (child: Child) =>
    warmThenLoad(`${child.url}${PATH}`, {
      seconds,
      connections,
      body: () => {
        const n = sent++;
        const user = userOf(n);
        return JSON.stringify({
          token: 'legacy-verification-token',
          team_id: 'T0BENCH',
          api_app_id: 'A0BENCH',
          type: 'event_callback',
          event_id: `Ev${run}${n}`,
          event_time: epoch,
          authorizations: [{ team_id: 'T0BENCH', user_id: 'U0BOT', is_bot: true }],
          event: { type: 'message', channel_type: 'im', channel: `D${user.slice(1)}`, user, text: TEXTS[n % TEXTS.length], ts: `${epoch}.${String(n).padStart(6, '0')}` },
        });
      },
      sign: (body) => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body) };
      },
    });
  const slackEnv = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url };

  try {
    const bolt = await withChild('bench/baselines/bolt-receiver.ts', slackEnv, PATH, signedLoad);
    row('Slack: Bolt ExpressReceiver + App ack', describeLoad(bolt));

    const gatewayEnv = { ...slackEnv, DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`, LOG_LEVEL: 'warn' };
    await withChild('app/main.ts', gatewayEnv, '/readyz', async (gateway) => {
      const sentBefore = sent;
      const cpuBefore = gateway.cpuMs();
      const postedBefore = api.posted.length;
      const accepted = await signedLoad(gateway);
      row('Slack: gateway accept (signed DM events)', describeLoad(accepted, bolt, 'Bolt'));
      const drained = await drainReport(gateway.url);
      const messages = sent - sentBefore;
      row(
        'Slack: gateway replies',
        `${api.posted.length - postedBefore} replies at the fake Slack API (chat.postMessage) for ${messages} messages sent (warm-up included); ${drained}; gateway CPU ${((gateway.cpuMs() - cpuBefore) / messages).toFixed(1)} ms per message`,
      );
    });
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
