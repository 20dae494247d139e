/**
 * Output written in chunks of about 1 MB: the matrix's JSON and CSV can be far longer than one JavaScript string may be
 * (V8 caps a string at about 2^29 characters), so they are never built whole.
 */
import type { Io } from './io';

/** Collects pieces and writes them to stdout whenever about 1 MB has gathered, and on flush(). */
export class ChunkedOut {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly io: Io) {}
  put(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length) this.io.stdout(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
}
