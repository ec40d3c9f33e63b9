/**
 * The registration helpers: suggestions while the operator types (category, urgency, top-3 units
 * with reasons — one click fills the form) and likely duplicates (same phone within 30 days, similar text in
 * the same district within 7 days). Requests are debounced and a newer one cancels the older.
 */
import { Alert, Button, Card, List, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TicketStatus, Urgency } from '../../../shared/enums.js';
import {
  api,
  ApiError,
  type DuplicateCheckBody,
  type DuplicateView,
  type SuggestionsBody,
  type SuggestionsView,
} from '../api';
import { PlaceFound, type PlaceView } from '../components/PlaceFound';
import { errorText } from '../components/StateViews';
import { StatusTag } from '../components/Tags';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { formatTime } from '../time';
import { useRegisterT } from './register-i18n';
import { useMergeT } from './merge-i18n';

export const DEBOUNCE_MS = 400;
/** Below this many characters there is nothing to classify yet. */
const MIN_CONTENT = 6;

const aborted = (e: unknown) => e instanceof ApiError && e.code === 'ABORTED';

/** Suggestions for the text as typed: asked 400 ms after the last keystroke; a newer text cancels the older. */
export function useSuggestions(body: SuggestionsBody) {
  const key = JSON.stringify(body);
  // The text the server is asked about: the typed one, once typing has paused.
  const [asked, setAsked] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setAsked(key), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const b = JSON.parse(asked) as SuggestionsBody;
  const enough = b.content.trim().length >= MIN_CONTENT;
  const query = useQuery({
    queryKey: ['suggestions', asked],
    // A newer text leaves this one unobserved and TanStack Query cancels it through the signal.
    queryFn: ({ signal }) => api.suggestions(b, signal),
    enabled: enough,
  });
  const state: { data?: SuggestionsView; error?: unknown; loading: boolean } = enough
    ? {
        data: query.data,
        error: aborted(query.error) ? undefined : (query.error ?? undefined),
        loading: query.isFetching,
      }
    : { loading: false };
  return state;
}

/** Likely duplicates, checked on demand (phone blur, a pause in typing, before saving). */
export function useDuplicates() {
  const [state, setState] = useState<{ matches: DuplicateView[]; loading: boolean; key: string | null }>({
    matches: [],
    loading: false,
    key: null,
  });
  const inflight = useRef<AbortController | null>(null);
  const check = useCallback(async (body: DuplicateCheckBody): Promise<DuplicateView[]> => {
    if (body.content.trim().length < MIN_CONTENT && !body.phone) return [];
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    const key = JSON.stringify(body);
    setState((s) => ({ ...s, loading: true }));
    try {
      const matches = await api.duplicateCheck(
        { ...body, content: body.content.trim() || '（未填写）' },
        controller.signal,
      );
      setState({ matches, loading: false, key });
      return matches;
    } catch (e) {
      if (aborted(e)) throw e;
      // A failed check never blocks registering: the office can still merge from the ticket page.
      setState((s) => ({ ...s, loading: false }));
      return [];
    }
  }, []);
  useEffect(() => () => inflight.current?.abort(), []);
  return { ...state, check };
}

export interface Applied {
  categoryCode?: string;
  urgency?: Urgency;
  unitId?: string;
  /** Where it happened, as read from the text (R4.2). */
  location?: { district: string; address: string };
}

export function SuggestionPanel({
  state,
  applied,
  onApply,
  text,
  districtName,
}: {
  state: ReturnType<typeof useSuggestions>;
  applied: Applied;
  onApply: (a: Applied) => void;
  /** The title and the content as typed, for highlighting the place words. */
  text?: { title: string; content: string };
  districtName?: (code: string) => string;
}) {
  const { t } = useI18n();
  const rt = useRegisterT();
  const s = state.data;
  // The place is a newer part of the suggestions view than the web's api types (R4.2).
  const place = (s as (SuggestionsView & { place?: PlaceView }) | undefined)?.place;
  const applyButton = (done: boolean, apply: () => void, label = rt('assist.apply')) => (
    <Button size="small" type={done ? 'default' : 'link'} disabled={done} onClick={apply}>
      {done ? rt('assist.applied') : label}
    </Button>
  );
  return (
    <Card
      size="small"
      data-testid="suggestions"
      title={
        <Space>
          {rt('assist.title')}
          {state.loading && <Spin size="small" />}
        </Space>
      }
      extra={
        s && (
          <Button
            size="small"
            onClick={() =>
              onApply({
                categoryCode: s.categories[0]?.code,
                urgency: s.urgency.suggested,
                unitId: s.units[0]?.unitId,
              })
            }
          >
            {rt('assist.applyAll')}
          </Button>
        )
      }
      style={{ marginBottom: 16, background: '#fcfcff' }}
    >
      {!s && !state.error && (
        <Typography.Text type="secondary">
          {state.loading ? rt('assist.loading') : rt('assist.typing')}
        </Typography.Text>
      )}
      {state.error !== undefined && !s && (
        <Typography.Text type="secondary">
          {rt('assist.failed', { error: errorText(state.error, t) })}
        </Typography.Text>
      )}
      {s && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rt('assist.hint')}
          </Typography.Text>
          {place && text && (
            <PlaceFound
              place={place}
              text={place.matches[0]?.field === 'title' ? text.title : text.content}
              districtName={districtName ?? ((c) => c)}
              applied={applied.location?.district === place.districtCode}
              onApply={(location) => onApply({ location })}
            />
          )}
          <div data-testid="suggest-categories">
            <Typography.Text strong style={{ marginRight: 8 }}>
              {rt('assist.category')}
            </Typography.Text>
            {s.categories.length === 0 && (
              <Typography.Text type="secondary">{rt('assist.noCategory')}</Typography.Text>
            )}
            <Space wrap size={4}>
              {s.categories.slice(0, 3).map((c) => (
                <Tag.CheckableTag
                  key={c.code}
                  checked={applied.categoryCode === c.code}
                  onChange={() => onApply({ categoryCode: c.code })}
                  style={{ border: '1px solid #d9d9d9' }}
                >
                  {c.nameZh}
                </Tag.CheckableTag>
              ))}
            </Space>
          </div>
          <div data-testid="suggest-urgency">
            <Typography.Text strong style={{ marginRight: 8 }}>
              {rt('assist.urgency')}
            </Typography.Text>
            <Tag color={s.urgency.suggested === 'urgent' ? 'red' : 'blue'}>
              {rt('assist.suggested', { value: t(`urgency.${s.urgency.suggested}`) })}
            </Tag>
            {s.urgency.signals.length > 0 && (
              <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                {rt('assist.signals', { words: s.urgency.signals.map((x) => x.word).join('、') })}
              </Typography.Text>
            )}
            {applyButton(applied.urgency === s.urgency.suggested, () =>
              onApply({ urgency: s.urgency.suggested }),
            )}
            {s.urgency.notes.map((n) => (
              <Typography.Text key={n} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {n}
              </Typography.Text>
            ))}
          </div>
          <div data-testid="suggest-units">
            <Typography.Text strong>{rt('assist.units')}</Typography.Text>
            {s.units.length === 0 ? (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {rt('assist.noUnit')}
              </Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={s.units.slice(0, 3)}
                renderItem={(u, i) => (
                  <List.Item
                    actions={[
                      applyButton(
                        applied.unitId === u.unitId,
                        () => onApply({ unitId: u.unitId }),
                        rt('assist.dispatchTo'),
                      ),
                    ]}
                  >
                    <List.Item.Meta title={`${i + 1}. ${u.nameZh}`} description={u.reasons.join('；')} />
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

/** The matches with what the operator may do about each: open it, or register and merge into it. */
export function DuplicateList({
  matches,
  onMerge,
  busy,
}: {
  matches: DuplicateView[];
  onMerge?: (d: DuplicateView) => void;
  busy?: boolean;
}) {
  const rt = useRegisterT();
  const mt = useMergeT();
  const { t } = useI18n();
  return (
    <List
      size="small"
      dataSource={matches}
      renderItem={(d) => (
        <List.Item
          data-code={d.code}
          actions={[
            <Link key="open" to={`/tickets/${d.id}`}>
              {rt('dup.open')}
            </Link>,
            ...(onMerge
              ? [
                  // Merging hands the request's handling to another ticket: asked once more (R2.2).
                  <Popconfirm
                    key="merge"
                    title={mt('merged.confirm', { code: d.code })}
                    okText={t('app.confirm')}
                    cancelText={t('app.cancel')}
                    onConfirm={() => onMerge(d)}
                  >
                    <Button size="small" loading={busy} data-testid="merge-into">
                      {rt('dup.mergeInto')}
                    </Button>
                  </Popconfirm>,
                ]
              : []),
          ]}
        >
          <List.Item.Meta
            title={
              <Space wrap size={4}>
                <Link to={`/tickets/${d.id}`}>{d.code}</Link>
                <StatusTag status={d.status as TicketStatus} />
                <Tag color={d.reason === 'same-phone' ? 'orange' : 'gold'}>
                  {rt(`dup.reason.${d.reason}`)}
                </Tag>
              </Space>
            }
            description={
              <span>
                {d.title}
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {rt('dup.registeredAt', { at: formatTime(d.registeredAt) })}
                </Typography.Text>
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}

export function DuplicatePanel({
  state,
  onMerge,
  busy,
}: {
  state: ReturnType<typeof useDuplicates>;
  onMerge: (d: DuplicateView) => void;
  busy: boolean;
}) {
  const rt = useRegisterT();
  if (state.loading && state.matches.length === 0)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 16 }}>
        <Spin size="small" /> {rt('dup.checking')}
      </Typography.Text>
    );
  if (state.matches.length === 0) return null;
  return (
    <Alert
      data-testid="duplicates"
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={rt('dup.title', { n: state.matches.length })}
      description={
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 12 }}>
            {rt('dup.hint')}
          </Typography.Paragraph>
          <DuplicateList matches={state.matches} onMerge={onMerge} busy={busy} />
        </>
      }
    />
  );
}
