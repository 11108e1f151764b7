import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeBotConnector } from '../../test/fakes/bot-connector.ts';
import { drainReport, withChild, type Child } from '../child.ts';
import { describeLoad, warmThenLoad, type ChannelBenchOptions } from '../load.ts';

const PATH = '/api/messages';
const PEOPLE = 500;
const TEXTS = ['where is my refund for order 1042?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks!'];

/**
 * Teams message activities (personal chats, no app id so no JWT) accepted per second: a
 * botbuilder CloudAdapter echo bot and the real gateway, each a child process, both
 * answering to the same local Bot Connector. The echo bot answers inside the request;
 * the gateway acknowledges first and answers later from its outbox.
 */
export async function benchTeams(options: ChannelBenchOptions): Promise<void> {
  const { seconds, connections, row } = options;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-teams-'));
  const connector = await startFakeBotConnector();
  const run = Date.now().toString(36);
  let sent = 0;
  const activityLoad = (child: Child) =>
    warmThenLoad(`${child.url}${PATH}`, {
      seconds,
      connections,
      body: () => {
        const n = sent++;
        const person = n % PEOPLE;
        return JSON.stringify({
          type: 'message',
          id: `${run}-${n}`,
          timestamp: new Date().toISOString(),
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          locale: 'en-US',
          text: TEXTS[n % TEXTS.length],
          from: { id: `29:bench-${person}`, aadObjectId: `00000000-0000-0000-0000-${String(person).padStart(12, '0')}`, name: `Person ${person}` },
          recipient: { id: '28:bench-bot', name: 'Switchboard' },
          conversation: { id: `a:bench-${person}`, conversationType: 'personal', tenantId: 'bench-tenant' },
          channelData: { tenant: { id: 'bench-tenant' } },
        });
      },
    });

  try {
    const echo = await withChild('bench/baselines/botbuilder-echo.ts', {}, PATH, activityLoad);
    const echoed = connector.posts.length;
    row('Teams: botbuilder echo bot (answers inside the request)', describeLoad(echo));
    row('Teams: echo bot replies', `${echoed} at the fake Bot Connector for ${sent} activities sent, warm-up included`);

    const gatewayEnv = { DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`, LOG_LEVEL: 'warn' };
    await withChild('app/main.ts', gatewayEnv, '/readyz', async (gateway) => {
      const sentBefore = sent;
      const cpuBefore = gateway.cpuMs();
      const accepted = await activityLoad(gateway);
      row('Teams: gateway accept (answers later, from the outbox)', describeLoad(accepted, echo, 'echo bot'));
      const drained = await drainReport(gateway.url);
      const messages = sent - sentBefore;
      row(
        'Teams: gateway replies',
        `${connector.posts.length - echoed} replies at the fake Bot Connector for ${messages} messages sent (warm-up included); ${drained}; gateway CPU ${((gateway.cpuMs() - cpuBefore) / messages).toFixed(1)} ms per message`,
      );
    });
  } finally {
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
