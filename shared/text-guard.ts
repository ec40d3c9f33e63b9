/**
 * Characters no field of the platform accepts (GB/T 22239-2019 8.1.4.4 入侵防范; OWASP ASVS 4.0 V5.1.4, V5.2.2):
 * NUL and the other C0 control characters (tab and line breaks excepted in body text), DEL and the C1 controls,
 * lone UTF-16 surrogates (PostgreSQL cannot store them: a failed insert was a 500), and the bidirectional override
 * and isolate controls that make text read differently from what it is (“Trojan Source”, spoofed file names).
 * The server refuses them in every JSON body, query string and path parameter (server/http/input-guard.ts); the
 * shared text schema refuses them too, so imports and the web's forms say which field is wrong.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
/** A high surrogate not followed by a low one, or a low one not after a high one (code units: no `u` flag). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type TextProblem = 'control' | 'surrogate' | 'bidi';

/** What is wrong with a string, or null. `line`: a one-line value (query, path, name) refuses tabs and breaks too. */
export function textProblem(s: string, line = false): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  if ((line ? CONTROL_IN_LINE : CONTROL_IN_TEXT).test(s)) return 'control';
  if (BIDI.test(s)) return 'bidi';
  return null;
}

export const TEXT_PROBLEM_ZH: Record<TextProblem, string> = {
  control: '含有不允许的控制字符',
  surrogate: '含有无效的字符（不成对的代理项）',
  bidi: '含有不允许的文字方向控制字符',
};
