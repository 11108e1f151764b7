import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { isTracingEnabled } from 'langsmith';

// The keys @langchain/core keeps a runnable's config and its context variables under (global symbols).
const CHILD_CONFIG = Symbol.for('lc:child_config');
const CONTEXT_VARIABLES = Symbol.for('lc:context_variables');
/** Marks the provider once the light path is installed. */
const LIGHT = Symbol('switchboard:light-run-context');

type RunWithConfig = typeof AsyncLocalStorageProviderSingleton.runWithConfig;

/** True when a runnable's callbacks (a list of handlers or a manager) include LangSmith's tracer. */
function carriesTracer(callbacks: unknown): boolean {
  const handlers = Array.isArray(callbacks) ? callbacks : (callbacks as { handlers?: unknown[] } | undefined)?.handlers;
  return handlers?.some((handler) => (handler as { name?: string } | undefined)?.name === 'langchain_tracer') ?? false;
}

/**
 * Every graph node, edge and channel write runs through `runWithConfig`, which keeps the
 * runnable's config in async-local storage (where `interrupt()` and nested runnables find it).
 * With tracing off, @langchain/core still wraps that config in a new LangSmith `RunTree`
 * (a UUIDv7, timestamps, environment reads) only for it to be dropped: about 8 % of a turn's
 * CPU in `npm run bench`'s profile. Here, when nothing traces (no LangSmith tracing in the
 * environment, no tracer among the callbacks, no traced run around), the config is kept in a
 * plain object instead, with the context variables carried over as core carries them; whenever
 * anything traces, core's own path runs unchanged. Installed once, by `createAssistant`.
 */
export function lightRunContextWhenUntraced(): void {
  const provider = AsyncLocalStorageProviderSingleton as typeof AsyncLocalStorageProviderSingleton & { [LIGHT]?: true };
  if (provider[LIGHT]) return;
  const original: RunWithConfig = provider.runWithConfig.bind(provider);
  provider.runWithConfig = (config, callback, avoidCreatingRootRunTree) => {
    const storage = provider.getInstance();
    const previous = storage.getStore() as { tracingEnabled?: boolean; [CONTEXT_VARIABLES]?: unknown } | undefined;
    if (avoidCreatingRootRunTree || previous?.tracingEnabled || carriesTracer(config?.callbacks) || isTracingEnabled()) {
      return original(config, callback, avoidCreatingRootRunTree);
    }
    const context: { extra: Record<symbol, unknown>; [CONTEXT_VARIABLES]?: unknown } = { extra: { [CHILD_CONFIG]: config } };
    if (previous?.[CONTEXT_VARIABLES] !== undefined) context[CONTEXT_VARIABLES] = previous[CONTEXT_VARIABLES];
    return storage.run(context, callback);
  };
  provider[LIGHT] = true;
}
