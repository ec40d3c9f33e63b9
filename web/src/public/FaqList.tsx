/**
 * 常见问题 on the citizens' page: the knowledge base's published articles marked public and in force, searched
 * the way the operators search (segmentation and synonyms, best match first; ADR 0009). Nothing personal is
 * asked or shown; a question the list does not answer leads to the request form.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Collapse, Input, Typography } from 'antd';
import { useState } from 'react';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { ArticleBody, knowledgeApi } from '../knowledge';
import { usePublicT } from './public-i18n';

export function FaqList({ onAsk }: { onAsk(): void }) {
  const t = usePublicT();
  const [q, setQ] = useState('');
  const faq = useQuery({ queryKey: ['public', 'faq', q], queryFn: () => knowledgeApi.faq(q || undefined) });
  return (
    <div data-testid="faq">
      <Typography.Paragraph type="secondary">{t('faq.intro')}</Typography.Paragraph>
      <Input.Search
        allowClear
        enterButton
        placeholder={t('faq.search')}
        maxLength={200}
        onSearch={(v) => setQ(v.trim())}
        style={{ marginBottom: 16 }}
        data-testid="faq-search"
      />
      {faq.isFetching && !faq.data ? (
        <LoadingView />
      ) : faq.error && !faq.data ? (
        <ErrorView error={faq.error} onRetry={() => void faq.refetch()} />
      ) : faq.data?.items.length ? (
        <Collapse
          data-testid="faq-items"
          items={faq.data.items.map((a) => ({
            key: a.id,
            label: <span data-testid="faq-question">{a.title}</span>,
            children: <ArticleBody body={a.body} />,
          }))}
        />
      ) : (
        <EmptyView text={t('faq.empty')} />
      )}
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Button onClick={onAsk}>{t('faq.ask')}</Button>
      </div>
    </div>
  );
}
