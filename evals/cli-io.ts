/** Where an eval command's output goes; tests pass their own. Its own file so the commands and `cli.ts` share it without importing each other. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether to draw a progress indicator (stderr is a terminal). */
  progress: boolean;
}
