/**
 * A font with Chinese glyphs for PDF exports (pdfkit embeds the glyphs it uses). Looked up in order:
 * JIESU_CJK_FONT (a TTF/OTF, or "path.ttc#PostScriptName" for a collection), an npm package that ships one,
 * then the fonts Debian and other Linux distributions install. None found → a clear Chinese error, never a PDF
 * of empty boxes.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.js';

export interface CjkFont {
  path: string;
  /** The face inside a .ttc collection. */
  family?: string;
}

/** Packages that ship a whole CJK font file usable by pdfkit (fontkit reads TTF, OTF and WOFF). */
const PACKAGE_FONTS: readonly { pkg: string; file: string }[] = [
  { pkg: '@embedpdf/fonts-sc', file: 'fonts/NotoSansHans-Regular.otf' },
];

const SYSTEM_FONTS: readonly CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'AR PL UMing CN' },
];

let cached: CjkFont | null | undefined;

function fromEnv(value: string | undefined): CjkFont | null {
  if (!value) return null;
  const [path, family] = value.split('#');
  return path && existsSync(path) ? { path, ...(family ? { family } : {}) } : null;
}

function fromPackages(): CjkFont | null {
  const require = createRequire(import.meta.url);
  for (const f of PACKAGE_FONTS) {
    try {
      const path = join(dirname(require.resolve(`${f.pkg}/package.json`)), f.file);
      if (existsSync(path)) return { path };
    } catch {
      // not installed
    }
  }
  return null;
}

/** The CJK font to embed, or AppError EXPORT.FONT_MISSING. */
export function cjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  if (env.JIESU_CJK_FONT) {
    const f = fromEnv(env.JIESU_CJK_FONT);
    if (f) return f;
    throw missing(`环境变量 JIESU_CJK_FONT 指向的字体文件不存在：${env.JIESU_CJK_FONT}。`);
  }
  if (cached === undefined) cached = fromPackages() ?? SYSTEM_FONTS.find((f) => existsSync(f.path)) ?? null;
  if (!cached) throw missing('');
  return cached;
}

function missing(why: string): AppError {
  return new AppError(
    'EXPORT.FONT_MISSING',
    `${why}服务器缺少中文字体，无法生成 PDF。请安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），` +
      '或设置环境变量 JIESU_CJK_FONT 指向一个中文 TTF/OTF 字体文件（字体集 .ttc 写作“路径#字体名”）。',
  );
}
