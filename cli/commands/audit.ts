/**
 * `rolecall audit` — placeholder until the analysis module lands (replaced by the findings implementation).
 */
import { UsageError, type Io } from '../io';

/** Runs `rolecall audit`. */
export async function runAudit(_argv: string[], _io: Io): Promise<number> {
  throw new UsageError('audit is not available in this build yet');
}
