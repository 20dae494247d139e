/** Runs only the app bench (test/bench/app-large.ts): `node bin/run-ts.cjs test/bench/app-large-run.ts`. */
import { runAppBench } from './app-large';

runAppBench().catch((error: unknown) => {
  process.stderr.write(`app bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
