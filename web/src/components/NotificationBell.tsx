/**
 * The bell in the header: unread notifications (hand-overs, 督办, deadline warnings, overdue). The server pushes
 * news as it commits (notification-stream.ts): the bell's query and every ticket query are invalidated at once,
 * so an open ticket page shows the new deadline without a reload. A slow poll stays as a fallback. Clicking one
 * marks it read and opens its ticket.
 */
import { AlertOutlined, BellOutlined, ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type NotificationView } from '../api';
import { queries, ticketsChanged } from '../query';
import { listenNotifications } from '../notification-stream';
import { labelOr, useI18n } from '../i18n';
import { navigate } from '../router';
import { formatTime } from '../time';
import { errorText } from './StateViews';

const REFRESH_MS = 60_000;
const KIND_ICON: Record<string, ReactNode> = {
  overdue: <WarningOutlined style={{ color: '#cf1322' }} />,
  'deadline-warning': <ClockCircleOutlined style={{ color: '#d46b08' }} />,
  supervise: <AlertOutlined style={{ color: '#d4380d' }} />,
  supervision: <AlertOutlined style={{ color: '#d4380d' }} />,
  reopen: <AlertOutlined style={{ color: '#d4380d' }} />,
};

export function NotificationBell() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const unread = useQuery({ ...queries.unreadNotifications(), refetchInterval: REFRESH_MS });
  const items = unread.data ?? [];
  const error = unread.error && !unread.data ? errorText(unread.error, t) : null;
  const reload = () => void client.invalidateQueries({ queryKey: ['notifications'] });

  // Pushed: a hand-over for this user committed — the bell and whatever ticket pages are open load again.
  useEffect(
    () =>
      listenNotifications(() => {
        void client.invalidateQueries({ queryKey: ['notifications'] });
        void ticketsChanged();
      }),
    [client],
  );

  // Opening the list refreshes it, so what is shown is current.
  useEffect(() => {
    if (open) void client.invalidateQueries({ queryKey: ['notifications'] });
  }, [open, client]);

  const drop = (ids: number[]) =>
    client.setQueryData(queries.unreadNotifications().queryKey, (list) =>
      list?.filter((x) => !ids.includes(x.id)),
    );

  const markRead = async (n: NotificationView) => {
    drop([n.id]);
    try {
      await api.markNotificationRead(n.id);
    } catch {
      reload();
    }
  };

  const openOne = (n: NotificationView) => {
    setOpen(false);
    void markRead(n);
    if (n.ticketId) navigate(`/tickets/${n.ticketId}`);
  };

  const markAll = async () => {
    const all = items;
    drop(all.map((n) => n.id));
    await Promise.allSettled(all.map((n) => api.markNotificationRead(n.id)));
    reload();
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflowY: 'auto' }} data-testid="notification-list">
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {items.length === 0 && !error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
      ) : (
        items.map((n) => (
          <div
            key={n.id}
            role="button"
            tabIndex={0}
            onClick={() => openOne(n)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') openOne(n);
            }}
            style={{ padding: '8px 4px', borderBottom: '1px solid #f0f0f0', cursor: 'pointer' }}
            className="notification-item"
          >
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span title={labelOr(t, `notify.kind.${n.kind}`, n.kind)}>
                {KIND_ICON[n.kind] ?? <BellOutlined style={{ color: '#1677ff' }} />}{' '}
                <Typography.Text strong>{n.title}</Typography.Text>
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {formatTime(n.createdAt)}
              </Typography.Text>
            </div>
            {n.body && (
              <Typography.Paragraph
                type="secondary"
                ellipsis={{ rows: 2 }}
                style={{ margin: '4px 0 0', fontSize: 13 }}
              >
                {n.body}
              </Typography.Paragraph>
            )}
          </div>
        ))
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('notify.title')}</span>
          {items.length > 0 && (
            <Button type="link" size="small" onClick={() => void markAll()}>
              {t('notify.markAll')}
            </Button>
          )}
        </div>
      }
      content={content}
    >
      <Badge count={items.length} size="small" overflowCount={99}>
        <Button
          shape="circle"
          icon={<BellOutlined />}
          title={t('notify.tooltip')}
          aria-label={`${t('notify.title')} (${items.length})`}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
