/**
 * The gateway as `npm run bench` measures its phases: `app/main.ts` unchanged, plus the HTTP
 * request as a phase of its own (webhook verification, parsing, routing and the answer) and an
 * IPC channel the bench asks for the figures on. Started with SWITCHBOARD_BENCH_PHASES=1.
 */
import http from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import { openPhase, phaseSnapshot, resetPhases } from '../src/gateway/phases.ts';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event !== 'request') return Reflect.apply(emit, this, [event, ...args]);
  const close = openPhase('webhook: HTTP, verification, parsing');
  (args[1] as http.ServerResponse).once('close', close);
  return Reflect.apply(emit, this, [event, ...args]);
};

// The accepting thread's garbage collections: their pauses fall in whatever phase is open, so they are counted apart too.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

process.on('message', (request: unknown) => {
  if (request === 'reset') {
    resetPhases();
    gcMs = 0;
    process.send?.({ reset: true });
  } else if (request === 'snapshot') {
    process.send?.({ snapshot: phaseSnapshot(), gcMs });
  }
});

await import('../app/main.ts');
