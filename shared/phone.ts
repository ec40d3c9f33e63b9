/**
 * A number the office can call back (R4.5 feedback, R4.6 revisit): a mainland mobile (1[3-9] and 9 more
 * digits) or a landline with its area code (010 / 02x + 8 digits, 0xxx + 7 or 8 digits), optionally with
 * +86, spaces, dashes, brackets and an extension. Pure; shared by the server's and the web forms' schemas.
 */

const MOBILE = /^(?:\+?86|0086)?1[3-9]\d{9}$/;
const LANDLINE = /^(?:(?:\+?86|0086)0?|0)(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})$/;
const EXTENSION = /(?:转|#|ext\.?|分机|-)\d{1,6}$/i;

/** Digits (and a leading +) only, full-width characters folded. */
const squeeze = (phone: string): string => phone.normalize('NFKC').replace(/[\s\-()（）.]/g, '');

export function isCallablePhone(phone: string): boolean {
  const p = squeeze(phone);
  if (MOBILE.test(p) || LANDLINE.test(p)) return true;
  // An extension: only after a complete landline.
  const s = phone.normalize('NFKC').trim();
  const m = EXTENSION.exec(s);
  return m !== null && LANDLINE.test(squeeze(s.slice(0, m.index)));
}

export const PHONE_HINT_ZH =
  '请填写能回拨的电话：手机号为 11 位（如 13812345678），固定电话须带区号（如 0432-62345678）';

/** The fewest characters a citizen's request must have to be actionable: what, and where. */
export const CONTENT_MIN_PUBLIC = 10;
export const CONTENT_HINT_ZH = `诉求内容至少 ${CONTENT_MIN_PUBLIC} 个字：请写清发生了什么、在哪里、希望怎样解决`;
