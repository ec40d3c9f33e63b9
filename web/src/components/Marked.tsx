/** Text with the ranges a search matched marked (the ticket list's titles and snippets, ADR 0010). */
import type { ReactNode } from 'react';

export function Marked({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }) {
  const out: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at || e <= s) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(
      <mark key={s} style={{ padding: 0, background: '#ffe58f' }}>
        {text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}
