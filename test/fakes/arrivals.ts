import type { Server } from 'node:http';

/**
 * What a fake provider records, and a way to wait until enough has arrived: each fake
 * calls `arrived()` after recording, tests await `waitFor(count)`.
 */
export function arrivals<T>(items: T[], what: string) {
  const waiters: (() => void)[] = [];
  return {
    arrived(): void {
      for (const wake of waiters.splice(0)) wake();
    },
    waitFor(count: number, timeoutMs: number): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} ${what}, got ${items.length}`)), timeoutMs);
        const check = () => {
          if (items.length >= count) {
            clearTimeout(timer);
            resolve(items);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Stops a fake's HTTP server, dropping kept-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
