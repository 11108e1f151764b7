import { describe, expect, it, vi } from 'vitest';

describe("a library's console output", () => {
  it('goes to the logger inside the scope, as one short line without keys, and to the console everywhere else', async () => {
    const original = vi.fn();
    console.warn = original;
    const { withLibraryConsole } = await import('./library-console.ts');
    const logger = { debug: vi.fn() };
    await withLibraryConsole(logger, async () => {
      await Promise.resolve();
      console.warn('New LangChain packages are available that more efficiently handle\ntool calling. -----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----');
    }, 'langchain');
    expect(original).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledWith({ library: 'langchain', console: 'warn', detail: 'New LangChain packages are available that more efficiently handle' }, 'langchain library output');
    console.warn('outside');
    expect(original).toHaveBeenCalledWith('outside');
  });
});
