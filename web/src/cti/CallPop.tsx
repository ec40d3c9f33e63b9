/**
 * 来电弹屏: when the phone system announces a call for this operator, the server pushes it through the notification
 * stream (CALL_EVENT); the drawer shows the number, the caller's requests of the last 90 days (what an operator
 * may see, R9.1) and a button that opens the registration form pre-filled with the number and the call id (the
 * URL carries only the call id; the form fetches the number, never putting it in a URL).
 */
import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type CtiCallView } from '../api';
import { CALL_EVENT } from '../notification-stream';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { formatTime } from '../time';
import { errorText } from '../components/StateViews';
import { useCtiT } from './cti-i18n';
import { useNarrow } from '../components/narrow';

export function CallPop() {
  const { t } = useI18n();
  const ct = useCtiT();
  const [call, setCall] = useState<CtiCallView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const narrow = useNarrow();

  useEffect(() => {
    const onCall = (e: Event) => {
      const callId = (e as CustomEvent<string>).detail;
      setOpen(true);
      setError(null);
      setCall(null);
      api
        .ctiCall(callId)
        .then(setCall, (err: unknown) => setError(ct('pop.failed', { error: errorText(err, t) })));
    };
    window.addEventListener(CALL_EVENT, onCall);
    return () => window.removeEventListener(CALL_EVENT, onCall);
  }, [ct, t]);

  return (
    <Drawer
      open={open}
      onClose={() => setOpen(false)}
      title={
        <Space>
          <PhoneOutlined style={{ color: '#c41d1d' }} />
          {ct('pop.title')}
        </Space>
      }
      size={narrow ? 'default' : 'large'}
      data-testid="call-pop"
      extra={
        call && (
          <Button
            type="primary"
            onClick={() => {
              setOpen(false);
              navigate(`/register?call=${encodeURIComponent(call.callId)}`);
            }}
          >
            {ct('pop.register')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!call && !error && <Typography.Text type="secondary">…</Typography.Text>}
      {call && (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={ct('pop.caller')}>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="call-pop-number">
                {call.callerNumber}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={ct('pop.callId')}>{call.callId}</Descriptions.Item>
            <Descriptions.Item label={ct('pop.at')}>{formatTime(call.at, true)}</Descriptions.Item>
          </Descriptions>
          {call.registered.length > 0 && (
            <Typography.Text>
              {ct('pop.registered')}{' '}
              {call.registered.map((r) => (
                <Button key={r.id} type="link" onClick={() => navigate(`/tickets/${r.id}`)}>
                  {r.code}
                </Button>
              ))}
            </Typography.Text>
          )}
          <div>
            <Typography.Title level={5}>{ct('pop.earlier', { n: call.earlier.length })}</Typography.Title>
            <List
              size="small"
              bordered
              dataSource={call.earlier}
              locale={{ emptyText: ct('pop.none') }}
              renderItem={(r) => (
                <List.Item
                  actions={[
                    <Button
                      key="open"
                      type="link"
                      onClick={() => {
                        setOpen(false);
                        navigate(`/tickets/${r.id}`);
                      }}
                    >
                      {r.code}
                    </Button>,
                  ]}
                >
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>{r.title}</Typography.Text>
                    <Space size="small">
                      <Tag>{t(`status.${r.status}`)}</Tag>
                      <Typography.Text type="secondary">{formatTime(r.registeredAt)}</Typography.Text>
                    </Space>
                  </Space>
                </List.Item>
              )}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
