#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx switchboard chat` works from a clone without a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
