/**
 * Import and export of the directory (units, users): downloads with progress, uploads with progress, and a
 * refused import's problems row by row.
 */
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Dropdown,
  Modal,
  Popconfirm,
  Progress as Bar,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../api';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { percentOf, saveFile, type Progress } from '../transfer';
import {
  directoryApi,
  importProblems,
  type DirectoryEntity,
  type DirectoryFormat,
  type ImportProblem,
  type ImportResult,
} from './directory-api';
import { useDirectoryT } from './directory-i18n';

/** A progress bar for a transfer: a percentage against the known size, or an indeterminate bar without one. */
export function TransferBar({ progress, label }: { progress: Progress | null; label: string }) {
  const percent = percentOf(progress);
  return (
    <div data-testid="transfer-progress">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
        {progress && ` · ${(progress.loaded / 1024).toFixed(1)} KB`}
      </Typography.Text>
      {percent === null ? (
        <Bar percent={100} status="active" showInfo={false} size="small" />
      ) : (
        <Bar percent={percent} size="small" />
      )}
    </div>
  );
}

export function ExportButton({ entity }: { entity: DirectoryEntity }) {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const [running, setRunning] = useState<{ file: string; progress: Progress | null } | null>(null);

  const run = async (format: DirectoryFormat) => {
    const file = `${entity}.${format}`;
    setRunning({ file, progress: null });
    try {
      const done = await directoryApi.exportFile(entity, format, (progress) =>
        setRunning({ file, progress }),
      );
      saveFile(done);
      void message.success(t('dir.export.done', { file: done.filename }));
    } catch (e) {
      void message.error(`${t('dir.export.failed')}：${errorText(e, tApp)}`);
    } finally {
      setRunning(null);
    }
  };

  return (
    <Space orientation="vertical" size={2}>
      <Dropdown
        disabled={!!running}
        menu={{
          items: [
            { key: 'xlsx', label: t('dir.export.xlsx') },
            { key: 'csv', label: t('dir.export.csv') },
          ],
          onClick: ({ key }) => void run(key as DirectoryFormat),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={!!running} data-testid={`export-${entity}`}>
          {t('dir.export')}
        </Button>
      </Dropdown>
      {running && (
        <div style={{ width: 200 }}>
          <TransferBar progress={running.progress} label={t('dir.export.progress', { file: running.file })} />
        </div>
      )}
    </Space>
  );
}

type Outcome =
  | { ok: true; result: ImportResult }
  | { ok: false; text: string; problems: (ImportProblem & { key: number })[] };

export function ImportButton({ entity, onImported }: { entity: DirectoryEntity; onImported(): void }) {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const close = () => {
    if (busy) return;
    setOpen(false);
    setFile(null);
    setOutcome(null);
    setProgress(null);
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const result = await directoryApi.importFile(entity, file, setProgress);
      setOutcome({ ok: true, result });
      onImported();
    } catch (e) {
      const problems = e instanceof ApiError ? importProblems(e.details) : [];
      setOutcome({
        ok: false,
        text: errorText(e, tApp),
        problems: problems.map((p, key) => ({ ...p, key })),
      });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const uploaded = progress && progress.total !== null && progress.loaded >= progress.total;

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={`import-${entity}`}>
        {t('dir.import')}
      </Button>
      <Modal
        open={open}
        width={720}
        title={t(entity === 'units' ? 'dir.import.title.units' : 'dir.import.title.users')}
        onCancel={close}
        mask={{ closable: !busy }}
        footer={[
          <Button key="close" onClick={close} disabled={busy}>
            {t('dir.close')}
          </Button>,
          <Button
            key="go"
            type="primary"
            icon={<UploadOutlined />}
            disabled={!file}
            loading={busy}
            onClick={() => void start()}
          >
            {t('dir.import.start')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">
          {t(entity === 'units' ? 'dir.import.hint.units' : 'dir.import.hint.users')}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          disabled={busy}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          beforeUpload={(f) => {
            setFile(f);
            setOutcome(null);
            return false; // read and sent by us, with progress
          }}
          onRemove={() => setFile(null)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('dir.import.pick')}</p>
          <p className="ant-upload-hint">{t('dir.import.pickHint')}</p>
        </Upload.Dragger>
        {busy && (
          <div style={{ marginTop: 16 }}>
            <TransferBar
              progress={uploaded ? null : progress}
              label={
                uploaded ? t('dir.import.checking') : t('dir.import.uploading', { file: file?.name ?? '' })
              }
            />
          </div>
        )}
        {outcome?.ok && (
          <Alert
            style={{ marginTop: 16 }}
            type="success"
            showIcon
            data-testid="import-result"
            title={t('dir.import.done', {
              rows: outcome.result.rows,
              created: outcome.result.created,
              updated: outcome.result.updated,
              unchanged: outcome.result.unchanged,
            })}
            description={
              outcome.result.needPasswordReset?.length
                ? t('dir.import.needReset', { names: outcome.result.needPasswordReset.join('、') })
                : undefined
            }
          />
        )}
        {outcome && !outcome.ok && (
          <div style={{ marginTop: 16 }} data-testid="import-problems">
            <Alert type="error" showIcon title={t('dir.import.failed')} description={outcome.text} />
            {outcome.problems.length > 0 && (
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey="key"
                title={() => t('dir.import.problems')}
                dataSource={outcome.problems}
                pagination={outcome.problems.length > 10 ? { pageSize: 10 } : false}
                columns={[
                  {
                    title: t('dir.import.row'),
                    dataIndex: 'row',
                    width: 80,
                    render: (r: number) => (r > 0 ? r : t('dir.import.file')),
                  },
                  {
                    title: t('dir.import.column'),
                    dataIndex: 'column',
                    width: 140,
                    render: (c: string | null) => c ?? '—',
                  },
                  { title: t('dir.import.problem'), dataIndex: 'message' },
                ]}
              />
            )}
          </div>
        )}
      </Modal>
    </>
  );
}

/** A refused change's message, with the open tickets it names (a unit that cannot be deactivated). */
export function RefusalAlert({ error, onClose }: { error: unknown; onClose(): void }) {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const details =
    error instanceof ApiError ? (error.details as { tickets?: string[]; total?: number }) : undefined;
  const tickets = details?.tickets ?? [];
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      data-testid="refusal"
      title={`${t('dir.refused')}：${errorText(error, tApp)}`}
      description={
        tickets.length > 0 ? (
          <span>
            {t('dir.tickets', { n: details?.total ?? tickets.length })}：{tickets.join('、')}
          </span>
        ) : undefined
      }
    />
  );
}

/** Deactivate (after a confirmation naming what goes) or activate again: the same two buttons for units and users. */
export function ActiveToggle({
  active,
  confirm,
  onChange,
}: {
  active: boolean;
  confirm: string;
  onChange(active: boolean): void;
}) {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  return active ? (
    <Popconfirm
      title={confirm}
      okText={tApp('app.confirm')}
      cancelText={tApp('app.cancel')}
      onConfirm={() => onChange(false)}
    >
      <Button type="link" size="small" danger>
        {t('dir.deactivate')}
      </Button>
    </Popconfirm>
  ) : (
    <Button type="link" size="small" onClick={() => onChange(true)}>
      {t('dir.activate')}
    </Button>
  );
}
