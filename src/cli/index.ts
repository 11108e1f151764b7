import { loadConfig } from '../config/env.ts';
import { ConfigError } from '../errors.ts';
import { chat } from './chat.ts';

const USAGE = `Usage: switchboard <command>

Commands:
  chat     talk to the assistant in the terminal (npm run chat)`;

/** `switchboard <command>`: the command-line entry. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'chat') {
    process.stderr.write(`${command ? `Unknown command: ${command}\n\n` : ''}${USAGE}\n`);
    return command ? 2 : 0;
  }
  try {
    return await chat(rest, loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
