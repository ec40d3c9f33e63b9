/**
 * Beside the registration form: the request type suggested from the text, and the published
 * articles matching it. The operator may answer from an article (text editable) and close the request at once:
 * the form registers it and answers it (`POST /api/v1/tickets/:id/answer`).
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RequestType } from '../../../shared/enums.js';
import { plainText } from '../../../shared/knowledge-markdown.js';
import { useI18n } from '../i18n';
import { ArticleBody } from './ArticleBody';
import { knowledgeApi, type KnowledgeMatchView } from './knowledge-api';
import { useKnowledgeT } from './knowledge-i18n';

const DEBOUNCE_MS = 400;

interface Props {
  text: string;
  district?: string;
  requestType?: RequestType;
  onApplyType(type: RequestType): void;
  /** Registers the request and answers it from these articles; resolves when done. */
  onAnswer(articleIds: string[], answer: string): Promise<void>;
  busy: boolean;
}

export function KnowledgePanel({ text, district, requestType, onApplyType, onAnswer, busy }: Props) {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const match = useQuery({
    queryKey: ['knowledge', 'match', settled, district ?? ''],
    queryFn: () => knowledgeApi.match({ text: settled, ...(district ? { district } : {}) }),
    enabled: settled.trim().length >= 4,
    staleTime: 30_000,
  });
  const [answering, setAnswering] = useState<KnowledgeMatchView['articles'][number] | null>(null);
  const [answer, setAnswer] = useState('');
  const data = settled.trim().length >= 4 ? match.data : undefined;
  const suggested = data?.requestType;

  return (
    <Card size="small" title={kt('intake.title')} data-testid="knowledge-panel" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {kt('intake.hint')}
      </Typography.Paragraph>
      {suggested && suggested.type !== 'other' && (
        <Space style={{ marginBottom: 8 }} wrap>
          <span data-testid="suggested-type">
            {kt('intake.type', { type: t(`requestType.${suggested.type}`) })}
          </span>
          {suggested.reasons.map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
          {requestType !== suggested.type && (
            <Button size="small" onClick={() => onApplyType(suggested.type)}>
              {kt('intake.applyType')}
            </Button>
          )}
        </Space>
      )}
      {data && data.articles.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={kt('intake.none')} />
      )}
      {data && data.articles.length > 0 && (
        <Collapse
          size="small"
          items={data.articles.map((a) => ({
            key: a.id,
            label: <span data-testid="knowledge-match">{a.title}</span>,
            extra: (
              <Button
                size="small"
                type="primary"
                onClick={(e) => {
                  e.stopPropagation();
                  setAnswering(a);
                  setAnswer(plainText(a.body).slice(0, 4000));
                }}
              >
                {kt('intake.use')}
              </Button>
            ),
            children: <ArticleBody body={a.body} />,
          }))}
        />
      )}
      <Modal
        open={answering !== null}
        title={kt('intake.answerTitle')}
        okText={kt('intake.answerAndClose')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onCancel={() => setAnswering(null)}
        onOk={() => {
          if (!answering) return;
          void onAnswer([answering.id], answer).then(() => setAnswering(null));
        }}
      >
        <Typography.Paragraph type="secondary">
          {kt('intake.cited', { titles: answering?.title ?? '' })}
        </Typography.Paragraph>
        <Typography.Text>{kt('intake.answer')}</Typography.Text>
        <Input.TextArea
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={4000}
          showCount
          data-testid="intake-answer"
        />
      </Modal>
    </Card>
  );
}
