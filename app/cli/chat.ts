import { userInfo } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { followOutbox } from '../../channels/cli/follow.ts';
import { parseCliLine, type ShownChoice } from '../../channels/cli/parse.ts';
import { renderCliReply } from '../../channels/cli/render.ts';
import type { Config } from '../config.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { createLogger } from '../../src/log.ts';
import type { Runtime } from '../runtime.ts';
import { explainStartupError } from '../../src/server/startup-errors.ts';

/** How often a running chat looks for messages queued elsewhere (an agent's reply from the console). */
const FOLLOW_INTERVAL_MS = 500;

const USAGE = `Usage: npm run chat -- [--user ID] [--lang xx]

Talk to the assistant in the terminal. The same --user continues the same conversation
across runs. When standard input is not a terminal, each line is one message and each
reply is printed; the command exits at the end of input. Type the number of a listed
choice ([1], [2]...) to choose it.

When the assistant hands you to a person, their messages (from the agent console, Slack or
the API of a gateway on the same DATABASE_URL) appear here while the chat runs; what arrives
while it is closed is shown at the next start with the same --user.

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
  // Created once the gateway runs: lines read before anyone iterates would be lost.
  let lines: Interface | undefined;
  // The choices of the latest reply printed: typing one's number chooses it.
  let choices: ShownChoice[] = [];
  const print = (message: OutboundMessage) => {
    choices = message.choices ?? [];
    const shown = renderCliReply(message);
    if (!interactive) {
      process.stdout.write(`${shown}\n`);
      return;
    }
    // A message may arrive while the person is typing: print above the prompt, then redraw it with their input.
    process.stdout.write(`\r\x1b[K\nassistant> ${shown}\n\n`);
    lines?.prompt(true);
  };

  // Logs go to stderr, quietly, so stdout is the conversation.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: 'stderr' });
  let runtime: Runtime;
  try {
    // Loaded once the arguments are fine, so --help and a wrong option answer at once.
    const { createRuntime } = await import('../runtime.ts');
    // One person typing: turns run on this thread, whose logs go to stderr with the rest.
    runtime = await createRuntime({ ...config, TURN_WORKERS: 0 }, { logger, only: ['cli'] });
  } catch (error) {
    process.stderr.write(`${explainStartupError(error, config, 'open') ?? `Cannot start the chat: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 1;
  }
  const follower = await followOutbox({ outbox: runtime.store.outbox, state: runtime.store.channelState, user, intervalMs: FOLLOW_INTERVAL_MS, show: print });
  await runtime.gateway.start();
  if (interactive) process.stdout.write(`Chatting as ${user}. Ctrl-D to quit.\n`);
  // Messages that arrived while no chat was running (an agent's answer, the rating question).
  await follower.poll();
  lines = createInterface({ input: process.stdin, ...(interactive ? { output: process.stdout } : {}), terminal: interactive, prompt: 'you> ' });
  if (interactive) lines.prompt();

  for await (const line of lines) {
    const message = parseCliLine(line, user, args.lang, new Date(), choices);
    if (message) {
      await runtime.gateway.accept(message);
      // One message at a time: its replies are printed before the next line is read.
      await runtime.gateway.idle();
      await follower.poll();
    }
    if (interactive) lines.prompt();
  }
  await runtime.gateway.idle();
  await follower.poll();
  follower.stop();
  await runtime.close();
  logger.flush?.();
  return 0;
}
