import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from './arrivals.ts';

/** One `POST /v1/chat/completions` the fake received. */
export interface ChatRequest {
  body: {
    model?: string;
    messages: { role: string; content: unknown }[];
    tools?: { type: string; function: { name: string; parameters?: unknown } }[];
    tool_choice?: unknown;
    stream?: boolean;
    [key: string]: unknown;
  };
  authorization: string | undefined;
  /** `performance.now()` when the request arrived. */
  at: number;
}

/** What the fake answers to one request. */
export type ChatStep =
  | { toolCall: Record<string, unknown> | string; name?: string; delayMs?: number }
  | { content: string; delayMs?: number }
  | { status: 429; retryAfterSeconds?: number; delayMs?: number }
  | { status: 500 | 502 | 503; delayMs?: number };

/**
 * A small local stand-in for the OpenAI chat-completions API, for the real
 * `ChatOpenAI` pointed at it with `OPENAI_BASE_URL`. Each request takes the
 * next scripted step (tool call, text, 429 with Retry-After, 5xx, each with an
 * optional delay); when the script is empty, `fallbackStep` answers. Every
 * request body is recorded, so tests can check what a model would have seen.
 */
export interface FakeOpenAIApi {
  /** Base URL with `/v1`, as `OPENAI_BASE_URL` expects. */
  readonly url: string;
  readonly requests: ChatRequest[];
  /** Queues steps, answered in order. */
  script(...steps: ChatStep[]): void;
  /** The answer once the script is spent (default: a 500). */
  fallbackStep: ChatStep;
  /** Every message text sent to the model so far, joined: what a provider would have stored. */
  receivedText(): string;
  close(): Promise<void>;
}

function completion(model: string, step: ChatStep, sequence: number): object {
  const message =
    'toolCall' in step
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: `call_${sequence}`, type: 'function', function: { name: step.name ?? 'route_message', arguments: typeof step.toolCall === 'string' ? step.toolCall : JSON.stringify(step.toolCall) } }],
        }
      : { role: 'assistant', content: 'content' in step ? step.content : '' };
  return {
    id: `chatcmpl-${sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: 'toolCall' in step ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
  };
}

/** The same answer as server-sent events, for a client that asked to stream. */
function streamed(response: ServerResponse, body: { choices: { message: object; finish_reason: string }[] } & Record<string, unknown>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const { choices, ...rest } = body;
  const [choice] = choices;
  const message = choice!.message as { tool_calls?: { function: object }[] };
  const delta = message.tool_calls ? { role: 'assistant', tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) } : message;
  response.write(`data: ${JSON.stringify({ ...rest, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
  response.write(`data: ${JSON.stringify({ ...rest, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: choice!.finish_reason }] })}\n\n`);
  response.end('data: [DONE]\n\n');
}

export async function startFakeOpenAIApi(): Promise<FakeOpenAIApi> {
  const requests: ChatRequest[] = [];
  const steps: ChatStep[] = [];
  let sequence = 0;

  const api: FakeOpenAIApi = {
    url: '',
    requests,
    fallbackStep: { status: 500 },
    script: (...added) => void steps.push(...added),
    receivedText: () => requests.flatMap((request) => request.body.messages.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)))).join('\n'),
    close: () => closeServer(server),
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
      requests.push({ body, authorization: request.headers.authorization, at: performance.now() });
      const step = steps.shift() ?? api.fallbackStep;
      const number = ++sequence;
      const answer = () => {
        // A client that gave up (timeout) has closed the socket: nothing to answer.
        if (response.destroyed) return;
        if ('status' in step) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (step.status === 429 && step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
          response.writeHead(step.status, headers);
          response.end(JSON.stringify({ error: { message: step.status === 429 ? 'Rate limit reached' : 'The server had an error', type: step.status === 429 ? 'rate_limit_exceeded' : 'server_error' } }));
          return;
        }
        const result = completion(body.model ?? 'fake', step, number) as Parameters<typeof streamed>[1];
        if (body.stream) return streamed(response, result);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result));
      };
      if (step.delayMs) setTimeout(answer, step.delayMs).unref();
      else answer();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, { url: `http://127.0.0.1:${port}/v1` });
}
