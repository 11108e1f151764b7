import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { ValidationError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { normaliseQuery, type SubjectQuery } from '../../src/privacy/requests.ts';
import { explainStartupError } from '../../src/server/startup-errors.ts';

export const CUSTOMER_USAGE = `Usage: switchboard customer <erase|export> (--phone +46… | --email … | --id …) [options]

Data-protection requests about one person, on the database in DATABASE_URL (see docs/data-protection.md).
The person is found by any of their addresses: the same number on SMS and WhatsApp, the web ids and
e-mail of the same commerce customer, and the gateway's customer id (c_…). Every request is audited.

  erase    remove or anonymise everything held about the person; without --yes it only counts what
           would go. Opt-outs stay in force (kept as a keyed hash of the number). Prints what it removed.
  export   write one JSON file with everything held about the person: messages, replies, tickets,
           ratings, language and market choices, channel state and the demo commerce records.

  --phone NUMBER   E.164, such as +46701234567
  --email ADDRESS
  --id ID          a customer id, a web or channel user id, or a commerce customer id
  --yes            erase: really erase
  --out FILE       export: where to write the JSON (required; written readable by you only)

Examples:
  switchboard customer export --phone +46701234567 --out astrid.json
  switchboard customer erase --phone +46701234567 --yes`;

/** `switchboard customer erase|export`: erasure and export on request, from the command line. */
export async function customer(argv: string[], config: Config): Promise<number> {
  const [action, ...rest] = argv;
  let values;
  try {
    values = parseArgs({
      args: rest,
      options: {
        phone: { type: 'string' },
        email: { type: 'string' },
        id: { type: 'string' },
        yes: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CUSTOMER_USAGE}\n`);
    return 2;
  }
  if (values.help || action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(`${CUSTOMER_USAGE}\n`);
    return action === undefined ? 2 : 0;
  }
  if (action !== 'erase' && action !== 'export') {
    process.stderr.write(`Unknown action: ${action} (erase or export)\n\n${CUSTOMER_USAGE}\n`);
    return 2;
  }
  const query: SubjectQuery = { ...(values.phone ? { phone: values.phone } : {}), ...(values.email ? { email: values.email } : {}), ...(values.id ? { id: values.id } : {}) };
  try {
    normaliseQuery(query);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (action === 'export' && !values.out) {
    process.stderr.write('export needs --out FILE: where to write the JSON\n');
    return 2;
  }

  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: 'stderr' });
  const { openStore } = await import('../../src/store/open.ts');
  const { createPrivacy } = await import('../../src/privacy/index.ts');
  const { privacyCommerceFor } = await import('../privacy-commerce.ts');
  let store;
  try {
    store = await openStore(config.DATABASE_URL, logger);
  } catch (error) {
    process.stderr.write(`${explainStartupError(error, config, 'open') ?? `Cannot open the database: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 1;
  }
  const actor = `cli:${userInfo().username}`;
  try {
    const commerce = privacyCommerceFor(config, store);
    const { requests } = await createPrivacy({ store, settings: config, logger, ...(commerce ? { commerce } : {}) });
    if (action === 'export') {
      const document = await requests.export(query, actor);
      writeFileSync(values.out!, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
      const counts = ['messages', 'replies', 'tickets'].map((kind) => `${(document[kind] as unknown[]).length} ${kind}`).join(', ');
      process.stdout.write(`Exported ${counts} to ${values.out}\n`);
      return 0;
    }
    if (!values.yes) {
      const preview = await requests.preview(query);
      process.stdout.write(
        `Would erase ${preview.customers} customer record(s) with ${preview.addresses} address(es), ${preview.messages} message(s), ${preview.replies} replie(s), ${preview.tickets} ticket(s)${preview.commerce ? ' and the demo commerce records' : ''}.\nRun again with --yes to erase.\n`,
      );
      return 0;
    }
    const report = await requests.erase(query, actor);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.found) process.stderr.write('Nothing was held about that person (the request is audited all the same).\n');
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`The request failed and nothing is reported done: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
