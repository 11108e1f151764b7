import express, { type Express, type Router } from 'express';
import type { ChannelAdapter, Logger } from '../gateway/channel.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Store } from '../store/types.ts';
import type { Metrics } from './metrics.ts';
import { errorHandler, notFound } from './errors.ts';

export interface AppOptions {
  gateway: Gateway;
  channels: ChannelAdapter[];
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** More routes mounted after the channels' (the handoff's API and console). */
  mount?: ((router: Router) => void)[];
}

/**
 * The HTTP face of the gateway: operations routes, then each channel's own webhook
 * routes (each adapter parses its own body, so no global body parser sits in front).
 */
export function createApp({ gateway, channels, store, metrics, logger, mount = [] }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const database = await store.ping();
    const dispatcher = gateway.isRunning;
    const ready = database && dispatcher;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', database, dispatcher, backlog: database ? await gateway.backlog() : null });
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
