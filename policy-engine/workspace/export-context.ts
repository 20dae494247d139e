/**
 * The context every AWS-export handler (import-aws.ts, import-kms.ts, import-userpool.ts) receives from import.ts,
 * and the input file it describes. Its own file so that the handlers need not import import.ts, which imports them.
 */
import type { z } from 'zod';
import type { JsonSource, PathSegments } from './json-source';
import type { Acc } from './merge';

/** One input file; `resourceArn` is the `FILE=ARN` part of the command line. */
export interface ImportFile {
  name: string;
  text: string;
  resourceArn?: string;
  /** Found by reading a folder (`rolecall import cdk.out`): a file of a shape Rolecall does not read is skipped, not an error. */
  fromFolder?: boolean;
}

/** Context handed to the AWS-export handlers. */
export interface ExportContext {
  acc: Acc;
  file: ImportFile;
  src: JsonSource;
  partition: string;
  accountId?: string;
  region?: string;
  deferred: (() => void)[];
  /** Checks a value against a zod schema; on failure, records positioned errors and returns false. */
  check<T>(schema: z.ZodType<T>, value: unknown, path: PathSegments): value is T;
}
