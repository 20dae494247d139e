/**
 * A React error boundary around the workbench's views (and the whole shell): a view that throws while rendering shows
 * what happened and how to recover instead of leaving a blank window. "Try again" re-renders the view; "Reload" first
 * stores the unsaved edits in the draft store, so the reloaded window offers them back.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

/** Props of ViewErrorBoundary. */
export interface ViewErrorBoundaryProps {
  /** What failed, in the user's words ("The Access view"). */
  what: string;
  /** Keeps the unsaved edits and reloads the window. */
  onReload(): void;
  /** A different key (e.g. another tab) clears the error. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string | undefined;
}

/** The error boundary. */
export class ViewErrorBoundary extends Component<ViewErrorBoundaryProps, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  /** React calls this when a child throws while rendering: the error is shown instead of the children. */
  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  /** Switching to another view clears the error, so one broken view does not hide the others. */
  static getDerivedStateFromProps(props: ViewErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.what} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <CrashNotice
        what={this.props.what}
        message={error.message}
        onRetry={() => this.setState({ error: null })}
        onReload={this.props.onReload}
      />
    );
  }
}

/** Props of CrashNotice. */
export interface CrashNoticeProps {
  what: string;
  message: string;
  onRetry(): void;
  onReload(): void;
}

/** What the boundary shows: the error, that the edits are safe, and the two ways out. */
export function CrashNotice({ what, message, onRetry, onReload }: CrashNoticeProps) {
  return (
    <div className="crash-notice" role="alert" aria-label={`${what} failed`}>
      <p>
        <strong>{what} failed to show.</strong> <code>{message || 'unknown error'}</code>
      </p>
      <p>Your unsaved edits are not lost: reloading stores them first and offers them back (“Restore them”).</p>
      <div className="form-actions">
        <button type="button" onClick={onRetry}>
          Try again
        </button>
        <button type="button" className="primary" onClick={onReload}>
          Keep my edits and reload
        </button>
      </div>
    </div>
  );
}
