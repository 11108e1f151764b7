import { serve } from './serve.ts';

/** `npm start`: the gateway on its configured port, until SIGTERM or SIGINT. */
serve().catch((error: unknown) => {
  process.stderr.write(`Switchboard failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
