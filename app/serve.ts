import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config.ts';
import { ConfigError } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';
import { developmentConsoleToken } from '../src/handoff/development-token.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { explainStartupError, redactDatabaseUrl } from '../src/server/startup-errors.ts';
import { describeChannels } from '../src/server/startup-line.ts';

/** How long a failed start may spend releasing what it opened before the process exits anyway. */
const CLOSE_ON_FAILURE_MS = 5000;

/** Where the server really listens, as a person would type it, and a hint when that is every interface. */
export function describeListenAddress(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (address.address === '0.0.0.0' || address.address === '::') {
    return `${url} (every network interface; from this machine: http://localhost:${address.port})`;
  }
  return url;
}

function listen(app: Runtime['app'], port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * A start-up failure: one line naming the cause and the fix on stderr, the stack only at
 * LOG_LEVEL=debug, whatever was opened closed, exit code 1.
 */
async function failStartup(error: unknown, config: Config, phase: 'open' | 'listen', runtime: Runtime | undefined): Promise<never> {
  const explained = explainStartupError(error, config, phase);
  const debug = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
  const raw = error instanceof Error ? error.message : String(error);
  const line = explained ?? `Switchboard failed to start: ${raw}${debug ? '' : ' (LOG_LEVEL=debug shows the stack)'}`;
  process.stderr.write(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack ?? raw}\n`);
  if (runtime) {
    const timeout = new Promise((resolve) => setTimeout(resolve, CLOSE_ON_FAILURE_MS).unref());
    await Promise.race([runtime.close().catch(() => undefined), timeout]);
  }
  process.exit(1);
}

/**
 * `npm start` (and `switchboard start`): the gateway on HOST:PORT until SIGTERM or SIGINT.
 * The port is bound before the pipeline starts, so a port in use stops start-up before any
 * work is claimed; until the pipeline runs, webhooks get 503 and /readyz says not ready.
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const developmentToken = developmentConsoleToken(config);
  if (developmentToken) config = { ...config, CONSOLE_TOKEN: developmentToken.token };
  let runtime: Runtime | undefined;
  let server: Server | undefined;
  let phase: 'open' | 'listen' = 'open';
  try {
    runtime = await createRuntime(config, { logger });
    phase = 'listen';
    server = await listen(runtime.app, config.PORT, config.HOST);
    phase = 'open';
    await runtime.gateway.start();
  } catch (error) {
    server?.close();
    return failStartup(error, config, phase, runtime);
  }

  const address = describeListenAddress(server.address() as AddressInfo);
  logger.info(
    { address: server.address(), database: redactDatabaseUrl(config.DATABASE_URL), model: config.modelMode, channels: runtime.channelStatus },
    `Switchboard listening on ${address} (${config.modelMode} model) — ${describeChannels(runtime.channelStatus)}`,
  );
  // Said after the listening line, at warn level, so nobody runs a trusting demo or an empty production by accident.
  for (const warning of runtime.warnings) logger.warn({}, warning);
  if (developmentToken) {
    logger.warn({ file: developmentToken.path }, `CONSOLE: no CONSOLE_TOKEN is set, so this development run signs in at /console with a supervisor token it made and keeps in ${developmentToken.path} (cat it). Set CONSOLE_TOKEN to choose your own; production requires it.`);
  }

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
