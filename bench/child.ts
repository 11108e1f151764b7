import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { freePort } from '../test/helpers/gateway-process.ts';
import { deployedNodeFlags } from './built.ts';

export interface Child {
  url: string;
  process: ChildProcess;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** CPU time (user + system) the child has used so far, in milliseconds. */
  cpuMs(): number;
  /** The same per thread, by thread id (the accepting thread's id is the process's). */
  cpuByThreadMs(): Map<number, number>;
  stop(): Promise<void>;
}

/** Child environment, or a function of the child's own URL (for settings such as PUBLIC_URL). */
export type ChildEnv = Record<string, string> | ((url: string) => Record<string, string>);

/**
 * Starts an entry point as a child process on a free port and waits until it answers: a
 * TypeScript file with tsx (as `npm start` does), a built `.js` file with plain node (as
 * `npm run start:dist` and the Dockerfile do, with their node flags).
 */
export async function startChild(entry: string, env: ChildEnv, readyPath: string): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = fork(entry, [], {
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : entry.endsWith('dist/app/main.js') ? deployedNodeFlags() : [],
    env: { ...process.env, ...(typeof env === 'function' ? env(url) : env), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Two minutes: on a loaded machine tsx alone can take most of a minute to start a gateway.
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`${url}${readyPath}`, { method: readyPath === '/webhooks/web' ? 'POST' : 'GET' }).then((r) => r.status < 500, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL'); // a child that never became ready must not outlive the bench
      throw new Error(`${entry} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kib / 1024;
    },
    cpuMs() {
      return statCpuMs(`/proc/${child.pid}/stat`);
    },
    cpuByThreadMs() {
      const tasks = readdirSync(`/proc/${child.pid}/task`);
      return new Map(tasks.map((tid) => [Number(tid), statCpuMs(`/proc/${child.pid}/task/${tid}/stat`)]));
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** User + system CPU of a process or thread from its stat file: fields 14 and 15, counted after the command name's closing parenthesis. */
function statCpuMs(path: string): number {
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Starts a child, hands it to `use`, and stops it afterwards, also when `use` throws. */
export async function withChild<T>(entry: string, env: ChildEnv, readyPath: string, use: (child: Child) => Promise<T>): Promise<T> {
  const child = await startChild(entry, env, readyPath);
  try {
    return await use(child);
  } finally {
    await child.stop();
  }
}

/**
 * Polls the gateway's `GET /readyz` until its `backlog` (pending turns and replies) is 0,
 * or `timeoutMs` passes. Returns the backlog left (0 when drained).
 */
export async function waitForBacklog(url: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const backlog = await fetch(`${url}/readyz`).then(
      async (response) => ((await response.json()) as { backlog: number | null }).backlog ?? Number.NaN,
      () => Number.NaN,
    );
    if (backlog === 0 || Date.now() > deadline) return backlog;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for the gateway's backlog to drain and says how long that took (or what is left). */
export async function drainReport(url: string, timeoutMs = 45_000): Promise<string> {
  const started = Date.now();
  const left = await waitForBacklog(url, timeoutMs);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return left === 0 ? `backlog drained ${seconds} s after the load` : `backlog still ${left} after ${seconds} s`;
}
