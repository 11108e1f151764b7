/**
 * Fills the Teams app manifest template with the bot's app id and writes
 * `docs/manifests/teams/dist/manifest.json`. Zip it with the two icons to upload
 * (no zip library ships with the project):
 *
 *   MICROSOFT_APP_ID=<your app id> npx tsx docs/manifests/teams/build.ts
 *   cd docs/manifests/teams/dist && zip switchboard-teams.zip manifest.json color.png outline.png
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const appId = process.env.MICROSOFT_APP_ID?.trim();
if (!appId || !/^[0-9a-f-]{36}$/i.test(appId)) {
  console.error('MICROSOFT_APP_ID must be set to the Azure Bot\'s Microsoft App ID (a GUID): Azure Bot → Configuration.');
  process.exit(1);
}
const manifest = readFileSync(join(here, 'manifest.template.json'), 'utf8').replaceAll('${MICROSOFT_APP_ID}', appId);
JSON.parse(manifest);
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'manifest.json'), manifest);
for (const icon of ['color.png', 'outline.png']) {
  if (existsSync(join(here, icon))) copyFileSync(join(here, icon), join(dist, icon));
  else console.warn(`Add ${icon} (color: 192x192, outline: 32x32 transparent) to ${dist} before zipping.`);
}
console.log(`Wrote ${join(dist, 'manifest.json')} for bot ${appId}.`);
