import express, { type Express, type Router } from 'express';
import type { ChannelAdapter, Logger } from '../gateway/channel.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Metrics } from './metrics.ts';
import { errorHandler, notFound } from './errors.ts';

export interface AppOptions {
  gateway: Gateway;
  channels: ChannelAdapter[];
  metrics: Metrics;
  logger: Logger;
  /** More routes mounted after the channels' (the handoff's API and console). */
  mount?: ((router: Router) => void)[];
}

/**
 * The HTTP face of the gateway: operations routes, then each channel's own webhook
 * routes (each adapter parses its own body, so no global body parser sits in front).
 */
export function createApp({ gateway, channels, metrics, logger, mount = [] }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers are believed only from a proxy on this machine or a private network: a client on the
  // internet cannot pick its own address (the token-guessing limit counts per address) or claim https.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  // Liveness: the process answers. It says nothing of the database, so a database outage never gets the process restarted.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: a write to the database succeeds (and, for SQLite, lands in the file at its path) and the dispatcher runs.
  app.get('/readyz', async (_req, res) => {
    const health = await gateway.storeHealth();
    const dispatcher = gateway.isRunning;
    const ready = health.writable && dispatcher;
    const backlog = await gateway.backlog().catch(() => null);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      database: health.writable,
      ...(health.problem ? { problem: health.problem } : {}),
      dispatcher,
      backlog,
    });
  });
  // Browsers ask for it on every page; there is none, and a 404 would be noise in their consoles and the logs.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const router = express.Router();
  for (const channel of channels) channel.mount(router, gateway.accept);
  for (const routes of mount) routes(router);
  app.use(router);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
