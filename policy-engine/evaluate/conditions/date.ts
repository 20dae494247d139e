/**
 * Date condition operators: DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan,
 * DateGreaterThanEquals. Values are "one of the W3C implementations of the ISO 8601 date formats" or epoch (UNIX)
 * time; no wildcards, no variables.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * W3C forms: https://www.w3.org/TR/NOTE-datetime
 */
import type { OperatorFamily } from './types';
import { fixedMatcher, variableNotAllowed } from './types';
import { compareNumbers } from './numeric';

// YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s+]]TZD. A missing TZD is read as UTC [INF, lenient]; W3C requires it.
const W3C = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?$/;
// Epoch seconds, optionally with a fraction. An all-digit string is always epoch time, so the W3C year-only form
// "YYYY" is read as seconds since 1970 [INF: matches common implementations].
const EPOCH = /^\d+(?:\.\d+)?$/;

function daysIn(year: number, month: number): number {
  return month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;
}

/** Parse an IAM date value into epoch milliseconds; undefined when it is neither a W3C date nor epoch seconds. */
export function parseDate(raw: string): number | undefined {
  if (EPOCH.test(raw)) return Math.round(Number(raw) * 1000);
  const m = W3C.exec(raw);
  if (!m) return undefined;
  const year = +m[1];
  const month = +m[2];
  const day = m[3] === undefined ? 1 : +m[3];
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const ms = m[7] === undefined ? 0 : Math.round(Number('0.' + m[7]) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
    return undefined;
  let offset = 0;
  const tz = m[8];
  if (tz && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = +digits.slice(2);
    if (oh > 23 || om > 59) return undefined;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

/** The Date operator family. */
export const dateFamily: OperatorFamily<number> = {
  label: 'Date',
  operators: {
    DateEquals: { negated: false },
    DateNotEquals: { negated: true },
    DateLessThan: { negated: false },
    DateLessThanEquals: { negated: false },
    DateGreaterThan: { negated: false },
    DateGreaterThanEquals: { negated: false },
  },
  keyTypes: ['Date'],
  parseRequest: parseDate,
  requestError: (raw) => `"${raw}" is not an ISO 8601 date or epoch time`,
  compileValue(base, value, opts) {
    const issues = variableNotAllowed('Date', value, opts.variablesEnabled);
    const b = parseDate(value);
    if (b === undefined) {
      issues.push({
        severity: 'error',
        code: 'condition.bad-value',
        message: `${base} needs an ISO 8601 (W3C) date such as 2020-01-01T00:00:00Z or epoch seconds; "${value}" is neither.`,
      });
      return { ok: false, issues };
    }
    const cmp = base.slice('Date'.length);
    return { ok: true, issues, matcher: fixedMatcher<number>(value, (a) => compareNumbers(cmp, a, b)) };
  },
};
