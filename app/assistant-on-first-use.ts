import type { SwitchboardAssistant } from '../agents/index.ts';

/**
 * The accepting thread's assistant when turns run in worker threads: there it only resumes
 * and reads threads a person handed back (human handoff), so it is built on the first such call
 * instead of at start. Until then the thread holds no intent model, knowledge index or graph,
 * and `build` can load the modules behind them (LangGraph, LangChain, the agents) only then:
 * this module imports none of them.
 */
export function assistantOnFirstUse(build: () => SwitchboardAssistant | Promise<SwitchboardAssistant>): SwitchboardAssistant {
  let built: Promise<SwitchboardAssistant> | undefined;
  // A build that fails (a model file unreadable for a moment) is tried again on the next call.
  const assistant = () =>
    (built ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        built = undefined;
        throw error;
      }));
  return {
    respond: async (input) => (await assistant()).respond(input),
    marketOf: async (customer) => (await assistant()).marketOf?.(customer),
    resume: async (threadId, resolution) => (await assistant()).resume(threadId, resolution),
    status: async (threadId) => (await assistant()).status(threadId),
    close: async () => built?.then((assistant) => assistant.close?.(), () => undefined),
  };
}
