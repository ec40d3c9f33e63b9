/**
 * Suggestions in every dispatch dialog (R4.2, R3.1): where it happened (the words that gave it away marked),
 * what it is about, the urgency with its reasons, and the top units with theirs — one click puts a unit (and,
 * when dispatching, the category and urgency) on the form. The server keeps what was shown, so the unit
 * finally chosen is set against it.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Space, Spin, Tag, Typography } from 'antd';
import type { Urgency } from '../../../shared/enums.js';
import { api, type SuggestionsView, type TicketView } from '../api';
import { useI18n } from '../i18n';
import { PlaceFound } from './PlaceFound';
import { errorText } from './StateViews';

export interface Picked {
  unitId?: string;
  categoryCode?: string;
  urgency?: Urgency;
}

export function DispatchSuggestions({
  ticket,
  picked,
  onApply,
  withCategory,
  districtName,
}: {
  ticket: TicketView;
  picked: Picked;
  onApply: (p: Picked) => void;
  /** The form has category and urgency fields (dispatch) besides the unit (a return upheld). */
  withCategory: boolean;
  districtName: (code: string) => string;
}) {
  const { t, lang } = useI18n();
  const zh = lang !== 'en';
  const q = useQuery({
    queryKey: ['dispatch-suggestions', ticket.id, ticket.rev],
    queryFn: () => api.dispatchSuggestions(ticket.id),
    staleTime: Infinity,
  });
  const s: SuggestionsView | undefined = q.data;
  const button = (done: boolean, apply: () => void, label: string, testId?: string) => (
    <Button
      size="small"
      type={done ? 'default' : 'link'}
      disabled={done}
      onClick={apply}
      data-testid={testId}
    >
      {done ? (zh ? '已采用' : 'Applied') : label}
    </Button>
  );
  return (
    <Card
      size="small"
      data-testid="dispatch-suggestions"
      title={
        <Space>
          {zh ? '派单建议' : 'Dispatch suggestions'}
          {q.isFetching && <Spin size="small" />}
        </Space>
      }
      style={{ marginBottom: 16, background: '#fcfcff' }}
    >
      {!s && q.error != null && (
        <Typography.Text type="secondary">
          {zh ? '暂时无法给出建议：' : 'No suggestions now: '}
          {errorText(q.error, t)}
        </Typography.Text>
      )}
      {!s && q.isFetching && (
        <Typography.Text type="secondary">
          {zh ? '正在分析诉求内容…' : 'Reading the request…'}
        </Typography.Text>
      )}
      {s && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <PlaceFound
            place={s.place}
            text={s.place.matches[0]?.field === 'title' ? ticket.title : ticket.content}
            districtName={districtName}
            applied={ticket.location.district === s.place.districtCode}
          />
          <div data-testid="dispatch-suggest-category">
            <Typography.Text strong style={{ marginRight: 8 }}>
              {zh ? '事项' : 'Matter'}
            </Typography.Text>
            {s.categories.length === 0 ? (
              <Typography.Text type="secondary">{zh ? '未能判断' : 'not recognised'}</Typography.Text>
            ) : (
              <Space wrap size={4}>
                {s.categories.slice(0, 3).map((c) =>
                  withCategory ? (
                    <Tag.CheckableTag
                      key={c.code}
                      checked={picked.categoryCode === c.code}
                      onChange={() => onApply({ categoryCode: c.code })}
                      style={{ border: '1px solid #d9d9d9' }}
                    >
                      {c.nameZh}
                      {c.words.length > 0 && `（${c.words.slice(0, 2).join('、')}）`}
                    </Tag.CheckableTag>
                  ) : (
                    <Tag key={c.code}>{c.nameZh}</Tag>
                  ),
                )}
              </Space>
            )}
          </div>
          <div data-testid="dispatch-suggest-urgency">
            <Typography.Text strong style={{ marginRight: 8 }}>
              {zh ? '紧急程度' : 'Urgency'}
            </Typography.Text>
            <Tag color={s.urgency.suggested === 'urgent' ? 'red' : 'blue'}>
              {t(`urgency.${s.urgency.suggested}`)}
            </Tag>
            {s.urgency.signals.length > 0 && (
              <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                {s.urgency.signals.map((x) => `「${x.word}」${x.reason}`).join('；')}（R3.1）
              </Typography.Text>
            )}
            {s.urgency.notes.map((n) => (
              <Typography.Text key={n} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {n}
              </Typography.Text>
            ))}
            {withCategory &&
              button(
                picked.urgency === s.urgency.suggested,
                () => onApply({ urgency: s.urgency.suggested }),
                zh ? '采用' : 'Apply',
              )}
          </div>
          <div data-testid="dispatch-suggest-units">
            <Typography.Text strong>{zh ? '承办单位' : 'Handling unit'}</Typography.Text>
            {s.units.length === 0 ? (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {zh ? '派单目录中没有对应单位，请人工选择。' : 'The catalogue names no unit; choose one.'}
              </Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={s.units.slice(0, 3)}
                renderItem={(u, i) => (
                  <List.Item
                    actions={[
                      button(
                        picked.unitId === u.unitId,
                        () =>
                          onApply(
                            withCategory && i === 0
                              ? {
                                  unitId: u.unitId,
                                  urgency: s.urgency.suggested,
                                  ...(s.routedCategory ? { categoryCode: s.routedCategory } : {}),
                                }
                              : { unitId: u.unitId },
                          ),
                        zh ? '派给该单位' : 'Dispatch here',
                        `apply-unit-${i + 1}`,
                      ),
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space size={4}>
                          {`${i + 1}. ${u.nameZh}`}
                          {u.confidence !== null && (
                            <Tag color="green">
                              {zh
                                ? `以往采纳 ${Math.round(u.confidence * 100)}%`
                                : `taken ${Math.round(u.confidence * 100)}%`}
                            </Tag>
                          )}
                        </Space>
                      }
                      description={u.reasons.join('；')}
                    />
                  </List.Item>
                )}
              />
            )}
          </div>
        </Space>
      )}
    </Card>
  );
}
