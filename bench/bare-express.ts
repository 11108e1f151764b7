import express from 'express';

/** The ceiling: bare Express answering 200 OK on the same route and port the gateway uses. */
const app = express();
app.post('/webhooks/web', (_req, res) => {
  res.status(200).send('OK');
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
