import { loadConfig, type Config } from '../config.ts';
import { ConfigError } from '../../src/errors.ts';

const USAGE = `Usage: switchboard <command> [options]

Commands:
  start    run the gateway on HOST:PORT (what npm start does; configured by environment variables, see README)
  chat     talk to the assistant in the terminal (npm run chat; switchboard chat --help for its options)
  train    train the offline intent router on a labelled CSV or JSONL file (switchboard train --help)
  kb       check the help articles, or see what a question finds (switchboard kb --help)
  customer erase or export everything held about one person (switchboard customer --help)
  help     show this text

Examples:
  switchboard start
  switchboard chat --user +46701234567
  switchboard train --data my-intents.csv --out data/my-router.json
  switchboard kb search "can I return sale items" --lang sv
  switchboard customer erase --phone +46701234567 --yes`;

/** The configuration, or undefined after saying on stderr which variable is wrong and how. */
function configOrExplain(): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** `switchboard <command>`: the command-line entry. Commands load only what they need. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'start': {
      const { serve } = await import('../serve.ts');
      await serve();
      return -1; // Serving: the process stays up until a signal ends it.
    }
    case 'chat': {
      const config = configOrExplain();
      if (!config) return 1;
      const { chat } = await import('./chat.ts');
      return chat(rest, config);
    }
    case 'customer': {
      const config = configOrExplain();
      if (!config) return 1;
      const { customer } = await import('./customer.ts');
      return customer(rest, config);
    }
    case 'train': {
      const { main: train, TRAIN_USAGE } = await import('./train.ts');
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`${TRAIN_USAGE}\n`);
        return 0;
      }
      return train(rest);
    }
    case 'kb': {
      const { kb } = await import('./kb.ts');
      return kb(rest, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env });
    }
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
