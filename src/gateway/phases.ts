/**
 * Where a message's CPU time goes, for `npm run bench` only. With `SWITCHBOARD_BENCH_PHASES=1`
 * in the environment (read once, when this module loads), `timed` charges the process's CPU
 * time (process.cpuUsage, user + system) to named phases; otherwise `timed` just calls its
 * work and `phasesEnabled` is false, so the pipeline pays one function call per phase.
 *
 * Phases nest: the CPU between two phase boundaries goes to the innermost phase open at that
 * moment (its "self" time), so the figures add up to the total. The bench sends one message at a
 * time, so phases of different messages do not overlap; CPU outside every phase (timers, idle
 * polling) is counted as `unattributed`.
 */

export const phasesEnabled = process.env.SWITCHBOARD_BENCH_PHASES === '1';

interface Tally {
  cpuUs: number;
  calls: number;
}

/** Phase name → self CPU time and how often it was entered. */
const tallies = new Map<string, Tally>();
/** Open phases, innermost last; a phase closed out of order (interleaved async work) just leaves the stack. */
const open: { phase: string }[] = [];
let current = 'unattributed';
let mark = 0;

function cpuNowUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Charges the CPU used since the last boundary to the innermost open phase. */
function charge(): void {
  const now = cpuNowUs();
  const tally = tallies.get(current) ?? { cpuUs: 0, calls: 0 };
  tally.cpuUs += now - mark;
  tallies.set(current, tally);
  mark = now;
}

function enter(phase: string): { phase: string } {
  charge();
  const entry = { phase };
  open.push(entry);
  current = phase;
  const tally = tallies.get(phase) ?? { cpuUs: 0, calls: 0 };
  tally.calls++;
  tallies.set(phase, tally);
  return entry;
}

function leave(entry: { phase: string }): void {
  charge();
  const index = open.lastIndexOf(entry);
  if (index >= 0) open.splice(index, 1);
  current = open.at(-1)?.phase ?? 'unattributed';
}

async function measured<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const entry = enter(phase);
  try {
    return await work();
  } finally {
    leave(entry);
  }
}

/** Opens a phase by hand (for work that is not one promise, such as an HTTP request); returns its closer. */
export function openPhase(phase: string): () => void {
  if (!phasesEnabled) return () => {};
  const entry = enter(phase);
  return () => leave(entry);
}

/** Runs `work`, charging its CPU to `phase` when the bench asked for phases. */
export const timed: <T>(phase: string, work: () => Promise<T>) => Promise<T> = phasesEnabled ? measured : (_phase, work) => work();

/** Wraps an object's async methods so each call is a phase (a checkpointer's reads and writes). Unchanged when phases are off. */
export function timedMethods<T extends object>(target: T, phase: string, methods: readonly string[]): T {
  if (!phasesEnabled) return target;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || !methods.includes(String(property))) return value;
      return (...args: unknown[]) => measured(`${phase} ${String(property)}`, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
    },
  });
}

export interface PhaseSnapshot {
  /** Phase → self CPU microseconds and entries since the last reset. */
  phases: Record<string, Tally>;
  /** All CPU the process used since the last reset, in microseconds. */
  totalCpuUs: number;
}

let resetAt = 0;

/** What has been measured since the last reset. */
export function phaseSnapshot(): PhaseSnapshot {
  charge();
  return { phases: Object.fromEntries(tallies), totalCpuUs: cpuNowUs() - resetAt };
}

/** Forgets what was measured (after a warm-up). */
export function resetPhases(): void {
  tallies.clear();
  mark = cpuNowUs();
  resetAt = mark;
}
