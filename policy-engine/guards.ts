/**
 * Type guards for untrusted JSON, one definition each (they were copied into each importer and analysis module).
 */

/** Whether a value is a JSON object (not null, not an array). */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether an object has its own property `k` (not one inherited, e.g. `constructor` or `__proto__`). */
export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** The own property `key` of a JSON object, or undefined (for a non-object or an inherited name). */
export function ownValue<T = unknown>(obj: unknown, key: string): T | undefined {
  return isObj(obj) && hasOwn(obj, key) ? (obj[key] as T) : undefined;
}

/** The value at a path of plain JSON data (undefined when a step is missing; own properties only). */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObj(v) && typeof seg === 'string' && hasOwn(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}
