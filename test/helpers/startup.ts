import { expect } from 'vitest';
import { explainStartupError } from '../../src/server/startup-errors.ts';
import { openStore } from '../../src/store/open.ts';

/** The line `npm start` prints when opening the store behind `databaseUrl` fails (found in-process, without a whole start). */
export async function openFailure(databaseUrl: string): Promise<string | undefined> {
  const error = await openStore(databaseUrl).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(error, `${databaseUrl} opened`).toBeDefined();
  return explainStartupError(error, { DATABASE_URL: databaseUrl, PORT: 3000, HOST: '0.0.0.0' }, 'open');
}
