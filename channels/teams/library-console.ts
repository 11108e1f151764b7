import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../../src/gateway/channel.ts';

/**
 * botframework-connector writes straight to `console.error` while it checks a token: whole
 * error stacks, and on a bad signature every published signing key as PEM. Inside
 * {@link withLibraryConsole} those writes go to the project's logger instead, one short,
 * key-free debug line each; everywhere else `console` behaves as before.
 */
const scope = new AsyncLocalStorage<Logger>();
const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const;
let installed = false;

/** The first line of what the library wrote, without PEM blocks or base64 runs, at most 200 characters. */
export function summarizeConsoleArgs(args: unknown[]): string {
  const text = args
    .map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : typeof arg === 'string' ? arg : ''))
    .join(' ')
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[key]')
    .replace(/[A-Za-z0-9+/=_-]{40,}/g, '[…]');
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const logger = scope.getStore();
      if (!logger) {
        original(...args);
        return;
      }
      logger.debug({ library: 'botframework', console: method, detail: summarizeConsoleArgs(args) }, 'bot framework library output');
    };
  }
}

/** Runs `work` with the library's console output routed to `logger` (for this call and what it awaits only). */
export function withLibraryConsole<T>(logger: Logger, work: () => T): T {
  install();
  return scope.run(logger, work);
}
