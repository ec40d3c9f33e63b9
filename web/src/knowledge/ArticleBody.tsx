/** An article body rendered safely (shared/knowledge-markdown.ts): React elements only, never HTML. */
import { Typography } from 'antd';
import { parseArticle, type Inline } from '../../../shared/knowledge-markdown.js';

function Inlines({ items }: { items: Inline[] }) {
  return (
    <>
      {items.map((i, n) =>
        i.kind === 'link' ? (
          <a key={n} href={i.href} target="_blank" rel="noopener noreferrer nofollow">
            {i.text}
          </a>
        ) : (
          <span key={n}>{i.text}</span>
        ),
      )}
    </>
  );
}

export function ArticleBody({ body }: { body: string }) {
  return (
    <div className="kb-article">
      {parseArticle(body).map((b, n) => {
        if (b.kind === 'heading')
          return (
            <Typography.Title key={n} level={(b.level + 2) as 3 | 4 | 5}>
              <Inlines items={b.content} />
            </Typography.Title>
          );
        if (b.kind === 'list')
          return (
            <ul key={n}>
              {b.items.map((it, k) => (
                <li key={k}>
                  <Inlines items={it} />
                </li>
              ))}
            </ul>
          );
        return (
          <Typography.Paragraph key={n} style={{ whiteSpace: 'pre-wrap' }}>
            <Inlines items={b.content} />
          </Typography.Paragraph>
        );
      })}
    </div>
  );
}
