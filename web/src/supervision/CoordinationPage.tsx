/**
 * 协调事项 (R5.1): proposals to the secretary-general or the vice-mayor in charge — drafted automatically
 * when a ticket bounced twice — and the city leader's decision (lead and assisting units), which the server
 * carries out as a dispatch. The office and the supervision office follow them; a city leader decides.
 */
import { Alert, App, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { UnitSelect } from '../components/RefSelects';
import { FormModal } from '../components/FormModal';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { FilterSegmented, PageHeading, TicketCell } from '../components/PageParts';
import { useI18n } from '../i18n';
import { useReference, type Reference } from '../reference';
import { may } from '../nav';
import { useSession } from '../session';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { supervisionApi, type CoordinationView, type DecisionBody } from './supervision-api';
import { useSupervisionT } from './supervision-i18n';

type StatusFilter = 'open' | 'decided' | 'all';

export default function CoordinationPage() {
  const t = useSupervisionT();
  const { user } = useSession();
  const ref = useReference();
  const [status, setStatus] = useState<StatusFilter>('open');
  const paging = usePaging();
  const [deciding, setDeciding] = useState<CoordinationView | null>(null);
  const query = {
    status: status === 'all' ? undefined : status,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useQuery({
    queryKey: ['coordination', query],
    queryFn: () => supervisionApi.coordination(query),
  });
  // R5.1: the decision is the city leader's; the office drafts and follows.
  const decides = may(user, 'coordination.decide');

  const columns: ColumnsType<CoordinationView> = [
    {
      title: t('coo.ticket'),
      key: 'ticket',
      width: 230,
      render: (_: unknown, c) => (
        <TicketCell ticketId={c.ticketId} code={c.ticketCode} title={c.ticketTitle} maxWidth={210} />
      ),
    },
    {
      title: t('coo.proposal'),
      dataIndex: 'proposal',
      render: (p: string) => (
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', margin: 0 }}
          ellipsis={{ rows: 4, expandable: true }}
        >
          {p}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('coo.addressedTo'),
      dataIndex: 'addressedTo',
      width: 130,
      render: (a: CoordinationView['addressedTo']) => t(`coo.addressedTo.${a}`),
    },
    {
      title: t('coo.origin'),
      dataIndex: 'automatic',
      width: 140,
      render: (a: boolean) =>
        a ? <Tag color="orange">{t('coo.automatic')}</Tag> : <Tag>{t('coo.manual')}</Tag>,
    },
    { title: t('coo.draftedAt'), dataIndex: 'draftedAt', width: 150, render: (v: string) => formatTime(v) },
    {
      title: t('coo.decision'),
      key: 'decision',
      width: 260,
      render: (_: unknown, c) =>
        c.decision ? (
          <Space orientation="vertical" size={0}>
            <span>
              {t('coo.lead')}：{ref.names.unit(c.decision.leadUnitId)}
            </span>
            {c.decision.assistUnitIds.length > 0 && (
              <span>
                {t('coo.assist')}：{c.decision.assistUnitIds.map((u) => ref.names.unit(u)).join('、')}
              </span>
            )}
            {c.decision.note && <Typography.Text type="secondary">{c.decision.note}</Typography.Text>}
            <Typography.Text type="secondary">{formatTime(c.decidedAt)}</Typography.Text>
          </Space>
        ) : decides ? (
          <Button type="primary" size="small" onClick={() => setDeciding(c)}>
            {t('coo.decide')}
          </Button>
        ) : (
          <Tag color="gold">{t('coo.leaderOnly')}</Tag>
        ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('coo.title')} hint={t('coo.hint')} />}
      extra={<RefreshButton list={list} />}
    >
      <FilterSegmented<StatusFilter>
        value={status}
        values={['open', 'decided', 'all']}
        label={(s) => t(`coo.status.${s}`)}
        onChange={(v) => {
          setStatus(v);
          paging.first();
        }}
      />
      <PagedTable<CoordinationView>
        list={list}
        paging={paging}
        total={(n) => t('coo.total', { n })}
        empty={t('coo.empty')}
        rowKey="id"
        columns={columns}
        scroll={{ x: 1200 }}
      />
      {deciding && ref.data && (
        <DecisionModal
          item={deciding}
          reference={ref.data}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            void list.refetch();
          }}
        />
      )}
    </Card>
  );
}

function DecisionModal({
  item,
  reference,
  onClose,
  onDone,
}: {
  item: CoordinationView;
  reference: Reference;
  onClose(): void;
  onDone(): void;
}) {
  const t = useSupervisionT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionBody>();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await supervisionApi.decide(item.id, {
      leadUnitId: v.leadUnitId,
      assistUnitIds: v.assistUnitIds ?? [],
      note: v.note ?? '',
    });
    void message.success(t('coo.decided', { code: item.ticketCode }));
    onDone();
  };

  return (
    <FormModal<DecisionBody>
      title={t('coo.decide.title', { code: item.ticketCode })}
      form={form}
      initialValues={{
        leadUnitId: item.suggestedLeadUnitId ?? undefined,
        assistUnitIds: item.suggestedAssistUnitIds,
        note: '',
      }}
      onSubmit={submit}
      onClose={onClose}
      okText={tApp('app.submit')}
      width={620}
      requiredMark="optional"
      intro={<Alert type="info" showIcon title={t('coo.decide.hint')} style={{ marginBottom: 16 }} />}
    >
      <Form.Item
        name="leadUnitId"
        label={t('coo.lead')}
        rules={[{ required: true, message: t('coo.lead.required') }]}
      >
        <UnitSelect units={reference.units} districts={reference.districts} />
      </Form.Item>
      <Form.Item name="assistUnitIds" label={t('coo.assist')}>
        <UnitSelect units={reference.units} districts={reference.districts} multiple />
      </Form.Item>
      <Form.Item name="note" label={t('coo.note')}>
        <Input.TextArea maxLength={LIMITS.textMax} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}
