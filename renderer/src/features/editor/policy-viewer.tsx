/**
 * One policy in Monaco: exactly the text the engine parsed (so line numbers match), statements highlighted with
 * decorations, problems as markers, IAM completion and hover. Read-only in the explanation, editable in the editor.
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor';
import type { Diagnostic, Range } from '../../../../policy-engine/model/index';
import { policyModelPath, registerIamLanguage } from './iam-language';
import { surplusCloser } from './bracket-overtype';
import type { FileLines } from '../../engine/protocol';
import { columnOnText, lineNumbersOption, revealPosition, toTextRange } from './file-lines';

/** A highlighted range and how it decided. */
export interface Highlight {
  range: Range;
  tone: 'allow' | 'deny' | 'info';
  /** Hover text on the highlighted lines. */
  message?: string;
}

/** Props of PolicyViewer. */
export interface PolicyViewerProps {
  policyId: string;
  text: string;
  diagnostics: Diagnostic[];
  highlights?: Highlight[];
  /**
   * Where the text's lines sit in the user's file: the gutter shows the file's line numbers, and the positions given
   * here (diagnostics, highlights, revealLine) are file positions, converted to the text's.
   */
  inFile?: FileLines;
  readOnly: boolean;
  theme: 'light' | 'dark';
  onChange?(text: string): void;
  /** Scroll to (and put the cursor on) this file line, at this file column when given (exact through a JSON string). */
  revealLine?: { line: number; column?: number; nonce: number } | null;
  /** Distinguishes the read-only explanation model from the editable one. */
  variant?: string;
  label: string;
}

const SEVERITY = { error: 8, warning: 4, info: 2 } as const;

type Reveal = { line: number; column: number; nonce: number };

/** Problems as Monaco markers and highlights as whole-line decorations (positions already in the text). */
function applyMarks(
  editor: Monaco.editor.IStandaloneCodeEditor,
  monaco: typeof Monaco,
  decorations: { current: Monaco.editor.IEditorDecorationsCollection | null },
  diagnostics: Diagnostic[],
  highlights: Highlight[],
): void {
  const model = editor.getModel();
  if (!model) return;
  monaco.editor.setModelMarkers(
    model,
    'rolecall',
    diagnostics.map((d) => ({
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code,
      startLineNumber: d.range?.start.line ?? 1,
      startColumn: d.range?.start.column ?? 1,
      endLineNumber: d.range?.end.line ?? 1,
      endColumn: d.range ? d.range.end.column : model.getLineMaxColumn(1),
    })),
  );
  const decos = highlights.map((h) => ({
    range: new monaco.Range(h.range.start.line, 1, h.range.end.line, 1),
    options: {
      isWholeLine: true,
      className: `rc-line rc-line-${h.tone}`,
      linesDecorationsClassName: `rc-gutter rc-gutter-${h.tone}`,
      ...(h.message ? { hoverMessage: { value: h.message } } : {}),
      overviewRuler: {
        color: h.tone === 'deny' ? '#d13438' : h.tone === 'allow' ? '#2e8540' : '#0078d4',
        position: monaco.editor.OverviewRulerLane.Left,
      },
    },
  }));
  if (!decorations.current) decorations.current = editor.createDecorationsCollection(decos);
  else decorations.current.set(decos);
}

/** Scrolls to a text position and puts the cursor there. */
function revealIn(editor: Monaco.editor.IStandaloneCodeEditor, at: Reveal): void {
  editor.revealLineInCenter(at.line);
  const model = editor.getModel();
  const text = model && at.line >= 1 && at.line <= model.getLineCount() ? model.getLineContent(at.line) : '';
  editor.setPosition({ lineNumber: at.line, column: columnOnText(text, at.column) });
  editor.focus();
}

/** The props' file positions (diagnostics, highlights, the reveal) as positions in the text. */
function inText(props: PolicyViewerProps): {
  diagnostics: Diagnostic[];
  highlights: Highlight[];
  reveal: Reveal | null;
} {
  const { inFile, diagnostics, highlights = [], revealLine } = props;
  const reveal = revealLine
    ? { ...revealPosition(inFile, revealLine.line, revealLine.column), nonce: revealLine.nonce }
    : null;
  if (!inFile) return { diagnostics, highlights, reveal };
  return {
    diagnostics: diagnostics.map((d) => (d.range ? { ...d, range: toTextRange(inFile, d.range) } : d)),
    highlights: highlights.map((h) => ({ ...h, range: toTextRange(inFile, h.range) })),
    reveal,
  };
}

/** Monaco's options for a policy (the gutter numbers the file's lines when the text's lines are the file's). */
function editorOptions(readOnly: boolean, inFile: FileLines | undefined, label: string) {
  return {
    readOnly,
    domReadOnly: readOnly,
    lineNumbers: lineNumbersOption(inFile),
    ariaLabel: label,
    minimap: { enabled: false },
    fontSize: 12,
    lineHeight: 18,
    scrollBeyondLastLine: false,
    automaticLayout: true,
    glyphMargin: false,
    lineDecorationsWidth: 6,
    tabSize: 2,
    fixedOverflowWidgets: true,
    renderValidationDecorations: 'on',
    quickSuggestions: { strings: true, other: true, comments: false },
    autoClosingBrackets: 'languageDefined',
    autoClosingQuotes: 'languageDefined',
    autoClosingOvertype: 'auto',
  } as const;
}

/** The Monaco policy view. */
export function PolicyViewer(props: PolicyViewerProps) {
  const { policyId, text, inFile, readOnly, theme, onChange, variant = '', label } = props;
  const { diagnostics, highlights, reveal } = inText(props);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof Monaco | null>(null);
  const decorations = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);
  const apply = () => {
    if (editorRef.current && monacoRef.current)
      applyMarks(editorRef.current, monacoRef.current, decorations, diagnostics, highlights);
  };

  // Monaco mounts after its loader; the reveal asked for meanwhile (a later render's) is the one to apply then.
  const latest = useRef({ reveal, highlights });
  latest.current = { reveal, highlights };

  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    monacoRef.current = monaco;
    registerIamLanguage(monaco);
    if (!readOnly) dropSurplusClosers(editor, monaco);
    apply();
    const { reveal, highlights } = latest.current;
    if (reveal) revealIn(editor, reveal);
    else if (highlights[0]) editor.revealLineInCenter(highlights[0].range.start.line);
  };

  useEffect(apply);

  useEffect(() => {
    const first = highlights[0];
    if (first) editorRef.current?.revealLineInCenter(first.range.start.line);
    // Only when the highlighted place changes.
  }, [policyId, first(highlights)]);

  // Only when a reveal is asked for (a new place or nonce): the parent passes a fresh object on every render, and
  // re-applying it would move the cursor (and drop the selection) while the user types.
  useEffect(() => {
    if (editorRef.current && reveal) revealIn(editorRef.current, reveal);
  }, [reveal?.line, reveal?.column, reveal?.nonce]);

  return (
    <div className="policy-viewer" aria-label={label}>
      <Editor
        path={policyModelPath(policyId, variant)}
        language="json"
        value={text}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        onMount={onMount}
        onChange={(value) => {
          if (!readOnly && value !== undefined && value !== text) onChange?.(value);
        }}
        loading={<div className="editor-loading">Loading editor…</div>}
        options={editorOptions(readOnly, inFile, label)}
      />
    </div>
  );
}

/**
 * Auto-closing stays on (autoClosingBrackets / autoClosingQuotes 'languageDefined', overtype 'auto'); when a closer
 * typed by hand makes the auto-inserted one on a later line surplus, that one is removed (see bracket-overtype.ts).
 */
function dropSurplusClosers(editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco): void {
  editor.onDidChangeModelContent((e) => {
    if (e.isUndoing || e.isRedoing || e.isFlush) return;
    const typed = e.changes.find((c) => c.text.trim() === '}' || c.text.trim() === ']');
    const model = editor.getModel();
    const pos = editor.getPosition();
    if (!typed || !model || !pos) return;
    const cut = surplusCloser(model.getValue(), model.getOffsetAt(pos) - 1, typed.text.trim());
    if (!cut) return;
    // After the typing edit has finished (no edit from inside a change event), and only if nothing changed since.
    const version = model.getVersionId();
    queueMicrotask(() => {
      if (model.isDisposed() || model.getVersionId() !== version) return;
      const a = model.getPositionAt(cut.start);
      const b = model.getPositionAt(cut.end);
      editor.executeEdits('rolecall-surplus-closer', [
        { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), text: '' },
      ]);
    });
  });
}

function first(h: Highlight[]): string {
  return h[0] ? `${h[0].range.start.line}:${h[0].range.end.line}` : '';
}
