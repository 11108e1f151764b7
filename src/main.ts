import type { Server } from 'node:http';
import { loadConfig } from './config/env.ts';
import { ConfigError } from './errors.ts';
import { createLogger } from './log.ts';
import { createRuntime } from './runtime.ts';
import { describeChannels } from './server/startup-line.ts';

/** `npm start`: the gateway on its configured port, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const runtime = await createRuntime(config, { logger });
  await runtime.gateway.start();
  const server: Server = runtime.app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info(
    { port, database: config.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@'), model: config.modelMode, channels: runtime.channelStatus },
    `Switchboard listening on http://localhost:${port} (${config.modelMode} model) — ${describeChannels(runtime.channelStatus)}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new messages; finishing turns in flight');
    server.close();
    server.closeIdleConnections();
    await runtime.close();
    logger.info({}, 'stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
