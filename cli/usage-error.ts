/**
 * The error of a user-caused failure (its own module so that `rolecall --help` loads nothing else; cli/io.ts
 * re-exports it for the commands).
 */

/** A user-caused failure: one line, naming the file and the place; exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
