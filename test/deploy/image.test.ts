import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * No Docker engine or base image here, so this runs the Dockerfile's own steps in an empty
 * folder: the production dependencies (npm ci --omit=dev), dist/ from `npm run build`, then the
 * image's CMD with NODE_ENV=production and nothing else from this checkout. It checks /healthz
 * and one whole web turn (on a worker thread), then a graceful stop.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, stdio: 'pipe', encoding: 'utf8' });

describe('the container image', () => {
  it('is multi-stage, runs as a non-root user in production mode, and checks /healthz', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/);
    // The same node flags as npm run start:dist (the bench starts the built gateway with those).
    const flags = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['start:dist'].split(' ').filter((word: string) => word.startsWith('--'));
    expect(flags).toContain('--max-old-space-size=1024');
    expect(dockerfile).toContain(`CMD ${JSON.stringify(['node', ...flags, 'dist/app/main.js']).replace(/","/g, '", "')}`);
  });

  it('runs from dist/ with production dependencies only: /healthz, one web turn, a clean stop', { timeout: 900_000 }, async () => {
    const app = tempDir('switchboard-image-');
    // Stage 1 (deps): the lockfile's production dependencies. better-sqlite3 compiles in the image;
    // here the binary this checkout compiled from the same lockfile is put in its place (a compile takes minutes).
    copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    copyFileSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], app);
    const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    execFileSync('mkdir', ['-p', join(app, 'node_modules/better-sqlite3/build/Release')]);
    copyFileSync(join(ROOT, binary), join(app, binary));
    run('rm', ['-rf', 'node_modules/typescript', 'node_modules/@typescript'], app);
    expect(existsSync(join(app, 'node_modules/tsx')), 'tsx is a development dependency').toBe(false);
    expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);

    // Stage 2 (build): npm run build, into the image's dist/.
    const built = spawnSync('npm', ['run', 'build', '--', '--out', join(app, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    chmodSync(app, 0o755);

    // Stage 3 (runtime): the image's CMD, its environment, nothing else from this checkout.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const gateway = spawn(process.execPath, ['--max-old-space-size=1024', 'dist/app/main.js'], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: app, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), CONSOLE_TOKEN: 'image-test-console-token', TURN_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    gateway.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gateway.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!(await fetch(`${url}/readyz`).then((response) => response.ok, () => false))) {
        if (gateway.exitCode !== null || Date.now() > deadline) throw new Error(`the built gateway did not become ready:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(output).toContain(`Switchboard listening on ${url}`);
      // The chat page and its own script, not a compiled module of the same name.
      expect(await (await fetch(`${url}/`)).text()).toContain('web/page.js');
      expect(await (await fetch(`${url}/web/page.js`)).text()).toContain('The Switchboard chat page');

      const sent = await fetch(`${url}/webhooks/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'web-astrid', text: 'when is my next payment due?', id: 'image-1' }),
      });
      expect(sent.status).toBe(202);
      // Production without WEB_IDENTITY_SECRET: the visitor is a guest, who reads its replies with its token.
      const { userId, guestToken } = (await sent.json()) as { userId: string; guestToken: string };
      expect(userId).toMatch(/^guest#/);
      type WebReply = { text: string; replyTo: string; meta?: { route?: string } };
      let reply: WebReply | undefined;
      while (!reply) {
        if (Date.now() > deadline) throw new Error(`no reply from the built gateway:\n${output}`);
        const read = await fetch(`${url}/webhooks/web/${encodeURIComponent(userId)}/messages`, { headers: { 'x-switchboard-guest-token': guestToken } });
        const { messages } = (await read.json()) as { messages: WebReply[] };
        reply = messages.find((message) => message.replyTo === 'image-1');
        if (!reply) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(reply.meta?.route).toBe('payments');
      expect(reply.text.length).toBeGreaterThan(10);
      // The SQLite file landed in the app's own data/ folder, as the image's volume expects.
      expect(existsSync(join(app, 'data/switchboard.db'))).toBe(true);
    } finally {
      gateway.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
    expect(output).not.toMatch(/tsx|Cannot find (module|package)/);
  });
});
