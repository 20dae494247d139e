/**
 * Journey 1 — drag and drop: files dropped anywhere on the window are loaded. One `*.rolecall.json` opens as the
 * workspace; anything else (AWS CLI outputs, CloudFormation templates, several files) goes through the importer.
 */
import { useEffect, useState } from 'react';

/** A dropped file's name and text. */
export interface DroppedFile {
  name: string;
  text: string;
}

/** Whether dropped files are one workspace file (open) or exports/templates (import). */
export function dropIntent(names: string[]): 'open' | 'import' {
  return names.length === 1 && /\.rolecall\.json$/i.test(names[0]) ? 'open' : 'import';
}

/** Props of DropZone. */
export interface DropZoneProps {
  onFiles(files: DroppedFile[], intent: 'open' | 'import'): void;
}

/** A full-window overlay shown while files are dragged over the app. */
export function DropZone({ onFiles }: DropZoneProps) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = async (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = await Promise.all(
        Array.from(e.dataTransfer?.files ?? []).map(async (f) => ({ name: f.name, text: await f.text() })),
      );
      if (files.length) onFiles(files, dropIntent(files.map((f) => f.name)));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);
  if (!over) return null;
  return (
    <div className="drop-overlay" role="status">
      <div className="drop-card">
        <strong>Drop to load</strong>
        <span>
          a .rolecall.json workspace, AWS CLI outputs (get-account-authorization-details, describe-identity-pool,
          get-bucket-policy…) or CloudFormation templates
        </span>
      </div>
    </div>
  );
}
