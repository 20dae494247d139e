/** What the session's steps share: the window's engine worker, a debounce, and an error's message. */
import { createEngineClient, type EngineClient } from '../../../engine/engine-client';

let engine: EngineClient | null = null;
/** The one engine worker of the window. */
export function getEngine(): EngineClient {
  engine ??= createEngineClient();
  return engine;
}

/** Calls `fn` once calls have stopped for `ms`, with the last call's arguments. */
export function debounced<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (...args) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
}

/** The message of a thrown value. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
