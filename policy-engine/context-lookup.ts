import type { ContextValue, RequestContext } from './model/request';

/** Looks a key up in a request context case-insensitively (IAM condition key names are case-insensitive). */
export function lookupContext(context: RequestContext | undefined, keyLower: string): ContextValue | undefined {
  if (!context) return undefined;
  for (const key of Object.keys(context)) {
    if (key.toLowerCase() === keyLower) return context[key];
  }
  return undefined;
}
