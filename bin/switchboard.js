#!/usr/bin/env node
// `switchboard <command>`. From a clone it runs the TypeScript sources through tsx (no build
// needed); where only the build exists (the container image, `npm ci --omit=dev`), it runs dist/.
import { existsSync } from 'node:fs';

const sources = new URL('../app/cli/index.ts', import.meta.url);
const built = new URL('../dist/app/cli/index.js', import.meta.url);
const tsx = await import('tsx/esm/api').catch(() => undefined);
if (tsx && existsSync(sources)) {
  tsx.register();
  await import(sources.href);
} else if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write('switchboard: neither the sources with tsx (npm ci) nor a build (npm run build) is here.\n');
  process.exit(1);
}
