/**
 * What the phone still has to send, and what the server refused when it arrived (web/src/offline.ts): shown
 * above every page until it is delivered or dismissed. The queue is sent when the connection returns (the
 * browser's `online` event), when the shell opens, and every 20 s while something waits.
 */
import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Space } from 'antd';
import { useEffect, useRef, useSyncExternalStore } from 'react';
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

  // Each delivery is announced once, however many callers waited on the same sending round.
  const announced = useRef(new Set<string>());
  const send = useRef(() => {});
  useEffect(() => {
    send.current = () =>
      void flush().then((done) => {
        for (const d of done) {
          if (d.outcome !== 'delivered' || announced.current.has(d.item.key)) continue;
          announced.current.add(d.item.key);
          void message.success(
            ft('m.delivered', { code: d.item.code, action: t(`action.${d.item.action}`) }),
          );
        }
      });
  }, [message, ft, t]);

  // When the shell opens and when the connection returns.
  useEffect(() => {
    const go = () => send.current();
    go();
    window.addEventListener('online', go);
    return () => window.removeEventListener('online', go);
  }, [userId]);

  // While something waits, now and then (the browser's online flag can be wrong).
  const anyWaiting = waiting > 0;
  useEffect(() => {
    if (!anyWaiting) return;
    const timer = setInterval(() => send.current(), RETRY_MS);
    return () => clearInterval(timer);
  }, [anyWaiting]);

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
            <Button size="small" onClick={() => send.current()} loading={state.sending}>
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
