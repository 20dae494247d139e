/**
 * Monaco, bundled with the app: no CDN (the CSP allows nothing remote). Only the editor core and the JSON language
 * are bundled; workers come from Vite's `?worker` imports.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import * as json from 'monaco-editor/languages/features/json/register';
// The policy editor's completion and hover (editor.api alone has neither), and the JSON language's features
// loaded up front: when they load lazily after the first editor exists, later editors fail with
// "depends on UNKNOWN service" errors.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/languages/features/json/jsonMode';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';

/** The bundled Monaco API, and its JSON language (`json.jsonDefaults` sets schemas and diagnostics). */
export { monaco, json };

/** Points @monaco-editor/react at the bundled Monaco and its workers. Call once, before the first editor mounts. */
export function setupMonaco(): void {
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      return label === 'json' ? new JsonWorker() : new EditorWorker();
    },
  };
  loader.config({ monaco: monaco as Parameters<typeof loader.config>[0]['monaco'] });
}
