import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../test/helpers/gateway-process.ts';

export interface Child {
  url: string;
  process: ChildProcess;
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point as a child process on a free port and waits until it answers. */
export async function startChild(entry: string, env: Record<string, string>, readyPath: string): Promise<Child> {
  const port = await freePort();
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${url}${readyPath}`, { method: readyPath === '/webhooks/web' ? 'POST' : 'GET' }).then((r) => r.status < 500, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} did not start`);
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
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
