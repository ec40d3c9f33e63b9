/**
 * Masked copies of personal data for viewers who do not handle the ticket (R9.1): enough to tell two
 * complainants apart on a list, not enough to identify or call anyone. Pure: no IO.
 */

const STARS = '****';
const HAN = /\p{Script=Han}/u;

/** Personal data as shown; optional parts keep their absence (null or undefined) when masked. */
export interface PersonalData {
  name: string;
  phone: string;
  idNumber?: string | null;
  address?: string | null;
}

/** Masks every part of a complainant's personal data (R9.1). */
export function maskPersonalData<T extends PersonalData>(data: T): T {
  return {
    ...data,
    name: maskName(data.name),
    phone: maskPhone(data.phone),
    idNumber: data.idNumber ? maskIdNumber(data.idNumber) : data.idNumber,
    address: data.address ? maskAddress(data.address) : data.address,
  };
}

/**
 * Chinese names keep the first character and one '*' per other character, the usual display
 * ('张三' → '张*', '欧阳娜娜' → '欧***', '张' → '*'). Other names keep the first letter and a single '*'
 * ('John Smith' → 'J*'), so their very variable length is not shown either.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.normalize('NFKC').trim());
  const [first] = chars;
  if (first === undefined) return '';
  if (HAN.test(first)) return chars.length === 1 ? '*' : first + '*'.repeat(chars.length - 1);
  return `${first}*`;
}

const MOBILE = /^(?:\+86|0086|86)?(1\d{2})\d{4}(\d{4})$/;
/** Area codes: 010 and 02x have 3 digits, all others 4. */
const LANDLINE = /^(0(?:1\d|2\d|[3-9]\d{2}))(\d{7,8})$/;
const LANDLINE_INTERNATIONAL = /^(?:\+86|0086)0?((?:1\d|2\d|[3-9]\d{2}))(\d{7,8})$/;
const EXTENSION = /\s*(?:转|#|ext\.?|分机)\s*\d{1,6}$/i;
const DASH_EXTENSION = /^\(?0\d{2,3}\)?[-\s]?\d{7,8}-\d{1,6}$/;

/**
 * Mobile: first 3 and last 4 digits ('13812345678' → '138****5678'). Landline: area code and last 4
 * ('0432-62345678' → '0432-****5678'), extension dropped. Anything else: the last 4 digits, and only when
 * there are at least 8.
 */
export function maskPhone(phone: string): string {
  let s = phone.normalize('NFKC').trim().replace(EXTENSION, '');
  if (DASH_EXTENSION.test(s)) s = s.slice(0, s.lastIndexOf('-'));
  const p = s.replace(/[\s\-().]/g, '');
  const mobile = MOBILE.exec(p);
  if (mobile) return `${mobile[1]}${STARS}${mobile[2]}`;
  const domestic = LANDLINE.exec(p);
  const international = LANDLINE_INTERNATIONAL.exec(p);
  if (domestic?.[1] && domestic[2]) return maskLandline(domestic[1], domestic[2]);
  if (international?.[1] && international[2]) return maskLandline(`0${international[1]}`, international[2]);
  const digits = p.replace(/\D/g, '');
  if (digits.length >= 8) return '*'.repeat(digits.length - 4) + digits.slice(-4);
  return STARS;
}

const maskLandline = (area: string, local: string): string =>
  `${area}-${'*'.repeat(local.length - 4)}${local.slice(-4)}`;

/** Only the last 4 characters remain ('220202199001011234' → '**************1234'); short values fully hidden. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.normalize('NFKC').replace(/\s/g, '').toUpperCase());
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/**
 * Levels of the administrative divisions an address starts with, highest first. 市 is a prefecture-level
 * city before a county, or a county-level city (县级市, e.g. 蛟河市) after one.
 */
const LEVELS: readonly (readonly string[])[] = [
  ['特别行政区', '自治区', '省'],
  ['自治州', '地区', '市', '盟'],
  ['自治县', '自治旗', '区', '县', '旗', '市'],
  /** 乡镇级 — township level: the deepest level shown. */
  ['街道办事处', '街道', '民族乡', '镇', '乡', '苏木'],
];
/** Names ending in 区 that are not districts but compounds, campuses and the like below the street. */
const NOT_A_DISTRICT = ['小区', '社区', '校区', '街区', '片区', '景区', '厂区'];
/** No division name is longer than this (黔东南苗族侗族自治州 has 10 characters). */
const MAX_NAME = 12;

/**
 * Keeps the administrative divisions down to the street/township (街道/镇/乡), or the district/county
 * if none follows, and hides the rest: '吉林市船营区北京路街道某某小区3栋2单元501' → '吉林市船营区北京路街道****'.
 * An address that starts with no division is hidden entirely.
 */
export function maskAddress(address: string): string {
  const chars = Array.from(address.normalize('NFKC').replace(/\s/g, ''));
  let kept = 0;
  let level = 0;
  while (level < LEVELS.length) {
    const next = nextDivision(chars, kept, level);
    if (!next) break;
    kept = next.end;
    level = next.level + 1;
  }
  return chars.slice(0, kept).join('') + STARS;
}

/** The next division name starting at `from`, at `minLevel` or deeper; the shortest such name wins. */
function nextDivision(
  chars: readonly string[],
  from: number,
  minLevel: number,
): { end: number; level: number } | null {
  let name = '';
  for (let end = from + 1; end <= Math.min(chars.length, from + MAX_NAME); end++) {
    const c = chars[end - 1] ?? '';
    if (!HAN.test(c)) return null; // digits, letters or punctuation: past the divisions
    name += c;
    for (let level = minLevel; level < LEVELS.length; level++) {
      const suffix = LEVELS[level]?.find((s) => name.endsWith(s) && name.length > s.length);
      if (!suffix) continue;
      if (suffix === '区' && NOT_A_DISTRICT.some((n) => name.endsWith(n))) return null;
      return { end, level };
    }
  }
  return null;
}

/**
 * Free text shown on a public page (R9.1): every run of 7 or more digits (a phone or an ID number, with or
 * without separators) keeps only its last 4; dates, house numbers and amounts stay readable.
 */
export function maskNumbersInText(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\d(?:[\s-]?\d){6,}[Xx]?/g, (run) => {
      if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(run)) return run;
      const digits = run.replace(/[^\dXx]/g, '');
      return '*'.repeat(digits.length - 4) + digits.slice(-4);
    });
}

/** Full-width digits (０-９) as ASCII, one character for one, so positions stay where they were. */
const asciiDigits = (s: string) =>
  s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/**
 * Personal data typed into free text — a complaint's content, a note, a feedback, a reply, a reason (R9.1;
 * GB/T 35273 §7.4): for viewers who see the complainant masked, the same text with
 * - ID-card numbers (18 characters, the last may be X; or the old 15 digits) masked as `maskIdNumber`;
 * - mainland mobiles (1[3-9]x, optionally +86, spaces or dashes between groups) as `maskPhone` ('138****5678');
 * - landlines with an area code ('0432-62345678', '(0432)62345678') as `maskPhone` ('0432-****5678');
 * - a 7- or 8-digit local number right after a word for phone (电话, 手机, 联系, 座机, 号码, tel) — only the last 4 kept;
 * - the given names (the complainant's own) as `maskName`.
 * Dates, amounts, house numbers and ticket codes stay readable. Pure: one function used by every presenter.
 */
export function maskFreeText(text: string, names: readonly (string | null | undefined)[] = []): string {
  let out = asciiDigits(text)
    // ID-card numbers first: an 18-character ID holds no phone-shaped run of its own to be masked twice.
    .replace(/(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g, (id) => maskIdNumber(id))
    .replace(/(?<![\d*])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d*])/g, (phone) =>
      maskPhone(phone),
    )
    .replace(/(?<![\d*])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?[2-9]\d{2,3}[\s-]?\d{4}(?![\d*])/g, (phone) =>
      maskPhone(phone),
    )
    .replace(
      /(电话|手机|联系|座机|号码|[Tt][Ee][Ll])([^\d\n]{0,4})(\d{3,4}[\s-]?\d{4})(?![\d*])/g,
      (_m, word: string, gap: string, num: string) => {
        const digits = num.replace(/\D/g, '');
        return `${word}${gap}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
      },
    );
  const distinct = [...new Set(names.map((n) => n?.normalize('NFKC').trim() ?? ''))]
    .filter((n) => Array.from(n).length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const name of distinct) out = out.split(name).join(maskName(name));
  return out;
}
