import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createCliChannel } from '../../channels/cli/index.ts';
import type { Config } from '../config/env.ts';
import type { OutboundMessage } from '../gateway/messages.ts';
import { createLogger } from '../log.ts';
import { createRuntime } from '../runtime.ts';

const USAGE = `Usage: npm run chat -- [--user ID] [--lang xx]

Talk to the assistant in the terminal. The same --user continues the same conversation
across runs. When standard input is not a terminal, each line is one message and each
reply is printed; the command exits at the end of input.

  --user ID   who you are (a phone number such as +46701234567 reaches the demo customer's records);
              default: your OS user name
  --lang xx   answer in this language (en, sv, de, ...)`;

/** `npm run chat`: an embedded gateway serving the terminal channel on the configured database. */
export async function chat(argv: string[], config: Config): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { user: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.lang !== undefined && !/^[a-z]{2}$/i.test(args.lang)) {
    process.stderr.write(`--lang takes a two-letter language code such as sv (got "${args.lang}")\n`);
    return 2;
  }
  const user = args.user ?? userInfo().username;
  const interactive = process.stdin.isTTY === true;
  const print = (message: OutboundMessage) => {
    const choices = message.choices?.length ? `\n${message.choices.map((c, i) => `  [${i + 1}] ${c.label}`).join('\n')}` : '';
    process.stdout.write(interactive ? `\nassistant> ${message.text}${choices}\n\n` : `${message.text}${choices}\n`);
  };

  // Logs go to stderr, quietly, so stdout is the conversation.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: 'stderr' });
  // One person typing: turns run on this thread, whose logs go to stderr with the rest.
  const runtime = await createRuntime({ ...config, TURN_WORKERS: 0 }, { logger, extraChannels: [createCliChannel(print)], only: [] });
  await runtime.gateway.start();

  const lines = createInterface({ input: process.stdin, terminal: interactive, prompt: 'you> ' });
  if (interactive) {
    process.stdout.write(`Chatting as ${user}. Ctrl-D to quit.\n`);
    lines.prompt();
  }
  for await (const line of lines) {
    const text = line.trim();
    if (text) {
      await runtime.gateway.accept({
        channel: 'cli',
        providerMessageId: randomUUID(),
        senderAddress: user,
        text,
        languageChoice: args.lang?.toLowerCase(),
        receivedAt: new Date(),
      });
      // One message at a time: its replies are printed before the next line is read.
      await runtime.gateway.idle();
    }
    if (interactive) lines.prompt();
  }
  await runtime.gateway.idle();
  await runtime.close();
  logger.flush?.();
  return 0;
}
