/**
 * Merged duplicates on screen (R2.2): the banner a merged ticket shows (its parent, and 取消合并 for the office),
 * the parent's card of the complainants it stands for, and the revisit queue's group row — every complainant of
 * the group called from one row, each outcome recorded on their own ticket (R4.6).
 */
import { Alert, App, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type TicketView } from '../api';
import { FormModal } from '../components/FormModal';
import { ErrorView, errorText, LoadingView } from '../components/StateViews';
import { RevisitOutcomes } from '../components/RevisitOutcomes';
import { StatusTag } from '../components/Tags';
import { useI18n } from '../i18n';
import { may } from '../nav';
import { queries, ticketsChanged } from '../query';
import { Link } from '../router';
import { useSession } from '../session';
import { useMergeT } from './merge-i18n';

/** On a merged ticket: which ticket it follows, and (office) separating it again. */
export function MergedBanner({ ticket }: { ticket: TicketView }) {
  const mt = useMergeT();
  const { user } = useSession();
  const [separating, setSeparating] = useState(false);
  if (!ticket.parentTicketId) return null;
  const parentCode = ticket.parentCode ?? '';
  return (
    <>
      <Alert
        type="info"
        showIcon
        data-testid="merged-banner"
        title={mt('merged.banner', { code: parentCode })}
        action={
          <Space orientation="vertical" size={4}>
            <Link to={`/tickets/${ticket.parentTicketId}`}>
              {mt('merged.openParent', { code: parentCode })}
            </Link>
            {may(user, 'ticket.merge') && (
              <Button size="small" onClick={() => setSeparating(true)}>
                {mt('merged.unmerge')}
              </Button>
            )}
          </Space>
        }
      />
      {separating && <UnmergeDialog ticket={ticket} onClose={() => setSeparating(false)} />}
    </>
  );
}

function UnmergeDialog({ ticket, onClose }: { ticket: TicketView; onClose(): void }) {
  const mt = useMergeT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormModal
      title={mt('merged.unmergeTitle', { code: ticket.code })}
      form={form}
      okText={mt('merged.unmerge')}
      testId="unmerge-form"
      onClose={onClose}
      onSubmit={async () => {
        const { reason } = await form.validateFields();
        await api.unmerge(ticket.id, reason);
        void message.success(mt('merged.unmerged', { code: ticket.code }));
        void ticketsChanged();
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">{mt('merged.unmergeHint')}</Typography.Paragraph>
      <Form.Item
        name="reason"
        label={mt('merged.reason')}
        rules={[{ required: true, whitespace: true, message: mt('merged.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

/** On a parent: how many complainants it stands for, each with a link to their own ticket. */
export function GroupCard({ ticket }: { ticket: TicketView }) {
  const mt = useMergeT();
  const group = useQuery({ ...queries.group(ticket.id), enabled: ticket.complainantCount > 1 });
  if (ticket.complainantCount <= 1) return null;
  return (
    <Card
      size="small"
      title={mt('group.title')}
      extra={<Tag color="blue">{mt('group.stands', { n: ticket.complainantCount })}</Tag>}
      data-testid="group-card"
    >
      {group.error && !group.data ? (
        <ErrorView error={group.error} onRetry={() => void group.refetch()} />
      ) : !group.data ? (
        <LoadingView />
      ) : (
        <List
          size="small"
          dataSource={group.data}
          renderItem={(m) => (
            <List.Item>
              <Space wrap>
                <Link to={`/tickets/${m.id}`}>{m.code}</Link>
                <Tag>{m.parent ? mt('group.parent') : mt('group.merged')}</Tag>
                <StatusTag status={m.status} />
                <span>{m.complainant.name}</span>
                <Typography.Text type="secondary">{m.complainant.phone}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * The revisit queue's row of a merged group: every complainant still waiting, with their number and the
 * outcome buttons — each call recorded on that complainant's own ticket.
 */
export function RevisitGroup({ ticket }: { ticket: TicketView }) {
  const { t } = useI18n();
  const mt = useMergeT();
  const group = useQuery(queries.group(ticket.id));
  if (group.error && !group.data)
    return <Typography.Text type="danger">{errorText(group.error, t)}</Typography.Text>;
  if (!group.data) return <LoadingView />;
  const waiting = group.data.filter((m) => m.allowedActions.includes('revisit'));
  return (
    <div data-testid="revisit-group">
      <Typography.Text strong>{mt('group.calls', { n: group.data.length })}</Typography.Text>
      <List
        size="small"
        dataSource={waiting}
        renderItem={(m) => (
          <List.Item data-testid="revisit-member">
            <Space wrap size={4}>
              <Link to={`/tickets/${m.id}`}>{m.code}</Link>
              <span>{m.complainant.name}</span>
              <Typography.Text type="secondary">{m.complainant.phone}</Typography.Text>
              <RevisitOutcomes target={m} />
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
