import express from 'express';

/** The ceiling for Twilio: bare Express answering 200 on the SMS webhook path, reading nothing. */
const app = express();
app.post('/webhooks/twilio/sms', (_req, res) => {
  res.status(200).send('OK');
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
