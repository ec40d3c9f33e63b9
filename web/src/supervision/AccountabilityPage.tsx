/**
 * 追究责任建议 (R6.2): the list of proposals (by status, a page at a time) and one proposal — its evidence
 * from the ticket record, its text to edit, issuing it (then it is frozen) and its .docx / .pdf.
 */
import {
  ArrowLeftOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Popconfirm,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { ErrorView, errorText, LoadingView } from '../components/StateViews';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { FilterSegmented, PageHeading } from '../components/PageParts';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';
import { may } from '../nav';
import { useSession } from '../session';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { downloadAndSave } from '../transfer';
import { supervisionApi, type ProposalView } from './supervision-api';
import { isSupervisionKey, useSupervisionT } from './supervision-i18n';

type StatusFilter = 'all' | 'draft' | 'issued';

export default function AccountabilityPage({ params }: { params: { id?: string } }) {
  return params.id ? <ProposalDetail id={params.id} /> : <ProposalList />;
}

const subject = (p: ProposalView) => p.text.split('\n')[0] ?? '';

function StatusBadge({ status }: { status: ProposalView['status'] }) {
  const t = useSupervisionT();
  return status === 'issued' ? (
    <Tag color="green">{t('acc.status.issued')}</Tag>
  ) : (
    <Tag color="gold">{t('acc.status.draft')}</Tag>
  );
}

function ProposalList() {
  const t = useSupervisionT();
  const { names } = useReference();
  const [status, setStatus] = useState<StatusFilter>('all');
  const paging = usePaging();
  const query = {
    status: status === 'all' ? undefined : status,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useQuery({
    queryKey: ['accountability', 'list', query],
    queryFn: () => supervisionApi.proposals(query),
  });

  const columns: ColumnsType<ProposalView> = [
    {
      title: t('acc.subject'),
      key: 'subject',
      render: (_: unknown, p) => <Link to={`/accountability/${p.id}`}>{subject(p)}</Link>,
    },
    {
      title: t('acc.unit'),
      dataIndex: 'unitId',
      width: 200,
      ellipsis: true,
      render: (u: string | null) => (u ? names.unit(u) : '—'),
    },
    {
      title: t('acc.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: ProposalView['status']) => <StatusBadge status={s} />,
    },
    { title: t('acc.draftedAt'), dataIndex: 'draftedAt', width: 150, render: (v: string) => formatTime(v) },
    {
      title: t('acc.issuedAt'),
      dataIndex: 'issuedAt',
      width: 150,
      render: (v: string | null) => formatTime(v),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('acc.title')} hint={t('acc.hint')} />}
      extra={<RefreshButton list={list} />}
    >
      <FilterSegmented<StatusFilter>
        value={status}
        values={['all', 'draft', 'issued']}
        label={(s) => t(`acc.status.${s}`)}
        onChange={(v) => {
          setStatus(v);
          paging.first();
        }}
      />
      <PagedTable<ProposalView>
        list={list}
        paging={paging}
        total={(n) => t('acc.total', { n })}
        empty={t('acc.empty')}
        rowKey="id"
        columns={columns}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/accountability/${p.id}`) })}
      />
    </Card>
  );
}

function ProposalDetail({ id }: { id: string }) {
  const t = useSupervisionT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const { names } = useReference();
  const loaded = useQuery({
    queryKey: ['accountability', 'one', id],
    queryFn: () => supervisionApi.proposal(id),
  });
  const [proposal, setProposal] = useState<ProposalView | undefined>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'save' | 'issue' | 'docx' | 'pdf' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (loaded.data) {
      // The loaded draft becomes the editor's own copy (edited, saved, issued here) once per answer.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setProposal(loaded.data);
      setText(loaded.data.text);
    }
  }, [loaded.data]);

  if (loaded.isFetching && !proposal) return <LoadingView />;
  if (!proposal) return <ErrorView error={loaded.error} onRetry={() => void loaded.refetch()} />;

  const mayEdit = may(user, 'accountability.draft') && proposal.status === 'draft';
  const dirty = text !== proposal.text;

  const save = async (issue: boolean) => {
    if (!text.trim()) {
      setError(t('acc.text.required'));
      return;
    }
    setBusy(issue ? 'issue' : 'save');
    setError(null);
    try {
      const p = await supervisionApi.saveProposal(id, text, issue);
      setProposal(p);
      setText(p.text);
      void message.success(t(issue ? 'acc.issued' : 'acc.saved'));
    } catch (e) {
      setError(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const download = async (format: 'docx' | 'pdf') => {
    setBusy(format);
    try {
      const { filename: name } = await downloadAndSave(
        `/api/v1/accountability/${encodeURIComponent(id)}/proposal.${format}`,
        { fallbackName: `accountability-${id}.${format}` },
      );
      void message.success(t('acc.downloaded', { name }));
    } catch (e) {
      void message.error(errorText(e, tApp));
    } finally {
      setBusy(null);
    }
  };

  const evidenceLabel = (kind: string) => {
    const key = `acc.evidence.${kind}`;
    return isSupervisionKey(key) ? t(key) : kind;
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<PageHeading title={subject(proposal)} />}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/accountability')}>
              {t('acc.back')}
            </Button>
            <Button
              icon={<FileWordOutlined />}
              loading={busy === 'docx'}
              onClick={() => void download('docx')}
            >
              {t('acc.docx')}
            </Button>
            <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void download('pdf')}>
              {t('acc.pdf')}
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('acc.status')}>
            <StatusBadge status={proposal.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('acc.unit')}>
            {proposal.unitId ? names.unit(proposal.unitId) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('acc.draftedAt')}>{formatTime(proposal.draftedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('acc.issuedAt')}>{formatTime(proposal.issuedAt)}</Descriptions.Item>
        </Descriptions>
        <Link to={`/tickets/${proposal.ticketId}`}>{t('acc.ticket')}</Link>
      </Card>
      <Card title={t('acc.evidence')}>
        <Timeline
          items={proposal.evidence.map((e) => ({
            color: e.kind === 'missed-deadline' || e.kind === 'rejected-return' ? 'red' : 'orange',
            content: (
              <span>
                <Tag>{evidenceLabel(e.kind)}</Tag>
                <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text> {e.text}
              </span>
            ),
          }))}
        />
      </Card>
      <Card
        title={t('acc.text')}
        extra={
          mayEdit && (
            <Space>
              <Button
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                disabled={!dirty || busy !== null}
                onClick={() => void save(false)}
              >
                {t('acc.save')}
              </Button>
              <Popconfirm
                title={t('acc.issueConfirm')}
                okText={tApp('app.confirm')}
                cancelText={tApp('app.cancel')}
                onConfirm={() => save(true)}
              >
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={busy === 'issue'}
                  disabled={busy !== null}
                >
                  {t('acc.issue')}
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        {proposal.status === 'issued' && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('acc.issuedReadonly', { at: formatTime(proposal.issuedAt) })}
          />
        )}
        {proposal.status === 'draft' && !mayEdit && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('acc.readonly')} />
        )}
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Input.TextArea
          aria-label={t('acc.text')}
          value={text}
          readOnly={!mayEdit}
          onChange={(e) => setText(e.target.value)}
          maxLength={LIMITS.contentMax}
          showCount={mayEdit}
          autoSize={{ minRows: 10, maxRows: 30 }}
          style={{ fontFamily: 'inherit' }}
        />
      </Card>
    </Space>
  );
}
