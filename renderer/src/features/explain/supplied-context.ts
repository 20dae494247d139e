/**
 * Context values the user typed into the explanation's "missing keys" form. A blank field means "not supplied": it is
 * left out of the request rather than sent as an empty string. Pure.
 */
import type { Request } from '../../../../policy-engine/model/index';

/** The values the user actually filled in (blank fields dropped). */
export function suppliedContext(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

/** Whether the user filled in any context value. */
export function hasSuppliedContext(values: Record<string, string>): boolean {
  return Object.values(values).some((v) => v !== '');
}

/** The request with the filled-in values as its context; unchanged (no `context` key) when none are filled in. */
export function withSuppliedContext(request: Request, values: Record<string, string>): Request {
  const context = suppliedContext(values);
  return Object.keys(context).length ? { ...request, context } : request;
}
