import type { Request, Response, Router } from 'express';
import { jsonBody } from '../server/json-body.ts';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { Logger } from '../gateway/channel.ts';
import { cleanName, sameSecret } from '../handoff/auth.ts';
import type { PrivacyRequests } from './requests.ts';

export const PRIVACY_API = '/api/handoff/customers';

const subjectBody = z.object({ phone: z.string().max(40).optional(), email: z.string().max(320).optional(), id: z.string().max(200).optional() }).strict();

/**
 * Erasure and export on the ticket API, for supervisors only: `Authorization: Bearer <CONSOLE_TOKEN>`
 * (an agent token or the console's cookie is not enough: these act on a whole person at once).
 * `X-Agent-Name` names the supervisor in the audit log.
 */
export function mountPrivacyApi(router: Router, deps: { requests: PrivacyRequests; consoleToken?: string; logger: Logger }): void {
  const json = jsonBody('4kb');

  const supervisor = (request: Request, response: Response): string | undefined => {
    const header = request.get('authorization');
    if (!header?.startsWith('Bearer ')) {
      response.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Send Authorization: Bearer <CONSOLE_TOKEN>.' });
      return undefined;
    }
    if (!deps.consoleToken || !sameSecret(header.slice(7).trim(), deps.consoleToken)) {
      response.locals.wrongCredential = true;
      response.status(403).json({ error: 'forbidden', message: 'Only the supervisor token (CONSOLE_TOKEN) may erase or export customer data.' });
      return undefined;
    }
    return `api:${cleanName(request.get('x-agent-name')) ?? 'supervisor'}`;
  };

  const handle = (act: (query: z.infer<typeof subjectBody>, actor: string) => Promise<unknown>) => async (request: Request, response: Response) => {
    const actor = supervisor(request, response);
    if (!actor) return;
    const parsed = subjectBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      response.status(400).json({ error: 'validation_failed', issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`) });
      return;
    }
    try {
      response.json(await act(parsed.data, actor));
    } catch (error) {
      if (error instanceof ValidationError) {
        response.status(400).json({ error: 'validation_failed', message: error.message, issues: error.issues });
        return;
      }
      deps.logger.error({ err: { message: (error as Error).message } }, 'privacy request failed');
      response.status(503).json({ error: 'unavailable', message: 'The database could not complete the request; nothing was reported done. Try again.' });
    }
  };

  router.post(`${PRIVACY_API}/erase`, json, handle((query, actor) => deps.requests.erase(query, actor)));
  router.post(`${PRIVACY_API}/export`, json, handle((query, actor) => deps.requests.export(query, actor)));
}
