/**
 * The knowledge base's article body: a small, safe subset of Markdown — `#`/`##`/`###` headings,
 * `-` list items, paragraphs and `[text](https://…)` links. Parsed into plain data that the web renders as React
 * elements: no HTML is ever interpreted, and a link is kept only when it is http(s) (never `javascript:`).
 */
export type Inline = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'paragraph'; content: Inline[] };

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const [whole, label = '', href = ''] = m;
    const at = m.index;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (/^https?:\/\//i.test(href)) out.push({ kind: 'link', text: label, href });
    else out.push({ kind: 'text', text: label });
    last = at + whole.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

export function parseArticle(body: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: Inline[][] | null = null;
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', content: parseInline(para.join('\n')) });
    para = [];
    if (list) blocks.push({ kind: 'list', items: list });
    list = null;
  };
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    const li = /^\s*[-*]\s+(.*)$/.exec(line);
    if (h) {
      flush();
      blocks.push({
        kind: 'heading',
        level: (h[1]?.length ?? 1) as 1 | 2 | 3,
        content: parseInline(h[2] ?? ''),
      });
    } else if (li) {
      if (para.length) {
        blocks.push({ kind: 'paragraph', content: parseInline(para.join('\n')) });
        para = [];
      }
      (list ??= []).push(parseInline(li[1] ?? ''));
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list) {
        blocks.push({ kind: 'list', items: list });
        list = null;
      }
      para.push(line);
    }
  }
  flush();
  return blocks;
}

/** The article's text without markup, for snippets and answers read out on the phone. */
export function plainText(body: string): string {
  return parseArticle(body)
    .flatMap((b) => (b.kind === 'list' ? b.items : [b.content]))
    .map((inl) => inl.map((i) => i.text).join(''))
    .join('\n');
}
