/**
 * BinaryEquals: "compares the value of the specified key byte for byte against a base-64 encoded representation of
 * the binary value in the policy". No variables. The request value is given base64-encoded as well.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import type { OperatorFamily } from './types';
import { fixedMatcher, variableNotAllowed } from './types';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decode standard base64 (padding optional, no whitespace); undefined when malformed. */
export function decodeBase64(raw: string): Uint8Array | undefined {
  let s = raw;
  if (s.endsWith('==')) s = s.slice(0, -2);
  else if (s.endsWith('=')) s = s.slice(0, -1);
  if (s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ALPHABET.indexOf(s[i]);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Padding must fit: the original length (with '=') is a multiple of 4 when padding is present.
  if (s.length !== raw.length && raw.length % 4 !== 0) return undefined;
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The Binary operator family. */
export const binaryFamily: OperatorFamily<Uint8Array> = {
  label: 'Binary',
  operators: { BinaryEquals: { negated: false } },
  keyTypes: ['Binary'],
  parseRequest: decodeBase64,
  requestError: (raw) => `"${raw}" is not base64`,
  compileValue(base, value, opts) {
    const issues = variableNotAllowed('Binary', value, opts.variablesEnabled);
    const bytes = decodeBase64(value);
    if (bytes === undefined) {
      issues.push({
        severity: 'error',
        code: 'condition.bad-value',
        message: `${base} needs a base64-encoded value; "${value}" is not valid base64.`,
      });
      return { ok: false, issues };
    }
    return { ok: true, issues, matcher: fixedMatcher<Uint8Array>(value, (r) => sameBytes(r, bytes)) };
  },
};
