import bolt from '@slack/bolt';

/**
 * Bolt's own ExpressReceiver + App on the gateway's Slack path: signature check, parse,
 * acknowledge (Bolt acks events before its listeners run), and a message listener that
 * does nothing. Web API calls (auth.test) go to `SLACK_API_URL`, the bench's fake.
 */
const receiver = new bolt.ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/webhooks/slack/events' });
const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: bolt.LogLevel.ERROR,
});
app.message(async () => {});
const server = receiver.app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
