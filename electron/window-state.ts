/**
 * The main window's size and position, remembered in the app data dir between runs.
 * A missing, malformed or absurd state file falls back to the default size rather than failing the start.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The remembered bounds. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

/** The size of a first window. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800 };

const FILE_NAME = 'window-state.json';
const coordinate = z.number().int().min(-100_000).max(100_000);
const schema = z.object({
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  x: coordinate.optional(),
  y: coordinate.optional(),
  maximized: z.boolean().optional(),
});

/** Reads the remembered state, or the default when there is none or it is not valid. */
export async function loadWindowState(dataDir: string): Promise<WindowState> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(join(dataDir, FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_STATE };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Writes the state atomically (temp file + rename), so a crash mid-write never leaves half a file. */
export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  const parsed = schema.safeParse(state);
  if (!parsed.success) return;
  await mkdir(dataDir, { recursive: true });
  const target = join(dataDir, FILE_NAME);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(parsed.data), 'utf8');
  await rename(temp, target);
}
