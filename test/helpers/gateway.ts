import { join } from 'node:path';
import type { Server } from 'node:http';
import { loadConfig } from '../../app/config.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import { tempDir } from './temp-dir.ts';

export interface RunningGateway {
  url: string;
  runtime: Runtime;
  /** Graceful stop: the HTTP server, then the gateway and its database. */
  stop(): Promise<void>;
}

/** Starts a whole gateway in this process on a temporary SQLite file and a free port. */
export async function startGateway(env: Record<string, string> = {}, dir = tempDir()): Promise<RunningGateway> {
  const raw = { DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`, LOG_LEVEL: 'silent', ...env, PORT: '0' };
  const config = loadConfig(raw);
  const runtime = await createRuntime(config, { logger: createLogger({ level: config.LOG_LEVEL }) });
  await runtime.gateway.start();
  const server: Server = await new Promise((resolve) => {
    const listening = runtime.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.close();
    },
  };
}
