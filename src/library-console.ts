import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Libraries that write straight to `console`: botframework-connector while it checks a token
 * (whole error stacks, and on a bad signature every published signing key as PEM), and
 * @langchain/core's upgrade notice when a model's tool call cannot be parsed. Inside
 * {@link withLibraryConsole} those writes go to the given logger instead, one short, key-free
 * debug line each; everywhere else `console` behaves as before.
 */
export interface LibraryLogger {
  debug(object: object, message?: string): void;
}

const scope = new AsyncLocalStorage<{ logger: LibraryLogger; library: string }>();
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
      const current = scope.getStore();
      if (!current) {
        original(...args);
        return;
      }
      current.logger.debug({ library: current.library, console: method, detail: summarizeConsoleArgs(args) }, `${current.library} library output`);
    };
  }
}

/** Runs `work` with a library's console output routed to `logger` (for this call and what it awaits only). */
export function withLibraryConsole<T>(logger: LibraryLogger, work: () => T, library = 'botframework'): T {
  install();
  return scope.run({ logger, library }, work);
}
