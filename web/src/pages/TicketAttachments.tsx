/**
 * A ticket's attachments: the list, downloads for those handling the ticket (always saved as a
 * file, never opened in the page), and an upload with progress. Those who see the ticket without handling it
 * see that files exist, not their names (R9.1).
 */
import { DownloadOutlined, LockOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Progress, Table, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, type AttachmentView } from '../api';
import { percentOf, uploadFile } from '../transfer';
import { useAccountT } from '../components/account-i18n';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { errorText } from '../error-text';
import { useI18n } from '../i18n';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { queries, queryClient } from '../query';

const size = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;

export function TicketAttachments({ ticketId, mayUpload }: { ticketId: string; mayUpload: boolean }) {
  const { t } = useI18n();
  const at = useAccountT();
  const { message } = AntApp.useApp();
  const list = useQuery(queries.attachments(ticketId));
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);

  const upload = async (file: File) => {
    setProgress({ name: file.name, percent: 0 });
    try {
      await uploadFile<AttachmentView>(api.attachmentsUrl(ticketId), file, {
        onProgress: (p) => setProgress({ name: file.name, percent: percentOf(p) ?? 0 }),
      });
      void message.success(at('att.uploaded', { name: file.name }));
      void queryClient.invalidateQueries({ queryKey: queries.attachments(ticketId).queryKey });
    } catch (err) {
      void message.error(`${at('att.failed')}：${errorText(err, t)}`);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Card
      size="small"
      title={
        <span>
          <PaperClipOutlined /> {at('att.title')}
        </span>
      }
      extra={
        mayUpload && (
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false; // we send it ourselves, with progress
            }}
          >
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={progress !== null}
              data-testid="attachment-upload"
            >
              {at('att.upload')}
            </Button>
          </Upload>
        )
      }
    >
      {progress && (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{at('att.uploading', { name: progress.name })}</Typography.Text>
          <Progress percent={progress.percent} size="small" />
        </div>
      )}
      {list.isFetching && !list.data ? (
        <LoadingView />
      ) : list.error && !list.data ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data?.length ? (
        <EmptyView text={at('att.empty')} />
      ) : (
        <Table<AttachmentView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={list.data}
          columns={[
            {
              title: at('att.name'),
              dataIndex: 'name',
              render: (name: string, a) =>
                a.downloadable ? (
                  <a href={api.attachmentUrl(ticketId, a.id)} download={name}>
                    <DownloadOutlined /> {name}
                  </a>
                ) : (
                  <Tooltip title={at('att.restricted')}>
                    <LockOutlined /> {name}
                  </Tooltip>
                ),
            },
            { title: at('att.size'), dataIndex: 'size', render: size, width: 90 },
            { title: at('att.by'), dataIndex: 'uploadedBy', render: (v: string | null) => v ?? '—' },
            {
              title: at('att.at'),
              dataIndex: 'uploadedAt',
              render: (v: string) => formatTime(v),
              width: 150,
            },
          ]}
        />
      )}
      {mayUpload && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {at('att.hint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
