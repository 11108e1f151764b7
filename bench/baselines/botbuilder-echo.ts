import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';

/**
 * A botbuilder CloudAdapter echo bot with no app id (no JWT): it answers inside the
 * request, posting the echo to the activity's `serviceUrl` before the webhook returns.
 */
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const app = express();
app.post('/api/messages', express.json(), (req, res) =>
  adapter.process(req, res, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  }),
);
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
