/**
 * What the phone still has to send, and what the server refused when it arrived (web/src/offline.ts): shown
 * above every page until it is delivered or dismissed. The queue is sent when the connection returns (the
 * browser's `online` event), when the shell opens, and every 20 s while something waits.
 */
import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Space } from 'antd';
import { useEffect, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { flush, outbox } from '../offline';
import { useFieldT } from './field-i18n';

const RETRY_MS = 20_000;

export function OutboxBanner({ userId }: { userId: string }) {
  const { t } = useI18n();
  const ft = useFieldT();
  const { message } = App.useApp();
  const state = useSyncExternalStore(outbox.subscribe, outbox.snapshot);
  const waiting = state.waiting.length;

  useEffect(() => {
    outbox.setUser(userId);
    return () => outbox.setUser(null);
  }, [userId]);

  useEffect(() => {
    const send = () =>
      void flush().then((done) => {
        for (const d of done)
          if (d.outcome === 'delivered')
            void message.success(
              ft('m.delivered', { code: d.item.code, action: t(`action.${d.item.action}`) }),
            );
      });
    send();
    window.addEventListener('online', send);
    const timer = waiting ? setInterval(send, RETRY_MS) : undefined;
    return () => {
      window.removeEventListener('online', send);
      if (timer) clearInterval(timer);
    };
  }, [waiting, userId, message, ft, t]);

  if (!waiting && !state.refused.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }} data-testid="outbox">
      {waiting > 0 && (
        <Alert
          type="info"
          showIcon
          icon={<CloudUploadOutlined />}
          data-testid="outbox-waiting"
          title={state.sending ? ft('m.sending') : ft('m.waiting', { n: waiting })}
          description={
            <List
              size="small"
              dataSource={state.waiting}
              renderItem={(q) => (
                <List.Item key={q.key} style={{ padding: '2px 0' }}>
                  {q.code} · {t(`action.${q.action}`)}
                </List.Item>
              )}
            />
          }
          action={
            <Button size="small" onClick={() => void flush()} loading={state.sending}>
              {ft('m.sendNow')}
            </Button>
          }
        />
      )}
      {state.refused.map((r) => (
        <Alert
          key={r.key}
          type="error"
          showIcon
          data-testid="outbox-refused"
          title={ft('m.refusedTitle')}
          description={ft('m.refused', { code: r.code, action: t(`action.${r.action}`), reason: r.reason })}
          action={
            <Space orientation="vertical" size={4}>
              <Button size="small" type="primary" onClick={() => navigate(`/tickets/${r.ticketId}`)}>
                {ft('m.open')}
              </Button>
              <Button size="small" onClick={() => outbox.dismiss(r.key)}>
                {ft('m.dismiss')}
              </Button>
            </Space>
          }
        />
      ))}
    </Space>
  );
}
