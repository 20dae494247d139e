import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CrashNotice, ViewErrorBoundary } from '../../../../renderer/src/components/view-error-boundary';

const noop = () => undefined;

describe('the error boundary around the views', () => {
  it('shows its children while nothing has failed', () => {
    const html = renderToStaticMarkup(
      createElement(ViewErrorBoundary, {
        what: 'The Access view',
        onReload: noop,
        children: createElement('p', null, 'the matrix'),
      }),
    );
    expect(html).toBe('<p>the matrix</p>');
  });

  it('turns a thrown value into the error it shows', () => {
    expect(ViewErrorBoundary.getDerivedStateFromError(new TypeError('x is undefined')).error?.message).toBe(
      'x is undefined',
    );
    expect(ViewErrorBoundary.getDerivedStateFromError('plain text').error?.message).toBe('plain text');
  });

  it('clears the error when the user switches to another view, and only then', () => {
    const failed = { error: new Error('boom'), resetKey: 'access' };
    expect(
      ViewErrorBoundary.getDerivedStateFromProps(
        { what: 'v', onReload: noop, resetKey: 'access', children: null },
        failed,
      ),
    ).toBeNull();
    expect(
      ViewErrorBoundary.getDerivedStateFromProps(
        { what: 'v', onReload: noop, resetKey: 'findings', children: null },
        failed,
      ),
    ).toEqual({ error: null, resetKey: 'findings' });
  });

  it('says what failed, that the edits are kept, and offers "Try again" and a reload that keeps the edits', () => {
    const html = renderToStaticMarkup(
      createElement(CrashNotice, { what: 'The Access view', message: 'x is undefined', onRetry: noop, onReload: noop }),
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('aria-label="The Access view failed"');
    expect(html).toContain('<code>x is undefined</code>');
    expect(html).toContain('unsaved edits are not lost');
    expect(html).toContain('>Try again</button>');
    expect(html).toContain('>Keep my edits and reload</button>');
  });
});
