import express from 'express';
import twilio from 'twilio';

/**
 * Twilio's own Express middleware alone: form parsing plus `twilio.webhook()` checking
 * X-Twilio-Signature against `PUBLIC_URL` + the path, then empty TwiML.
 */
const path = '/webhooks/twilio/sms';
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT}`;
const app = express();
// The token goes as the first argument: twilio 6.2 overwrites an `authToken` option with the environment's.
app.post(path, express.urlencoded({ extended: false }), twilio.webhook(authToken, { url: `${publicUrl}${path}` }), (_req, res) => {
  res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
