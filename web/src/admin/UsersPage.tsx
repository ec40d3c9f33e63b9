/**
 * 用户管理: accounts filtered by role, unit and status on the server; create, change roles and
 * unit, reset the password (a generated one is shown once), deactivate and activate with the server's refusals
 * shown (last handler of a unit with open tickets, last administrator), import and export.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { ROLES, type Role } from '../../../shared/enums.js';
import { userCreateBody, userPatchBody } from '../../../shared/schemas/directory.js';
import { ApiError, type UnitView } from '../api';
import { errorText } from '../components/StateViews';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { FormModal } from '../components/FormModal';
import { PagedTable, RefreshButton, usePaging } from '../components/PagedTable';
import { useI18n } from '../i18n';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { queries } from '../query';
import { setZodLocale } from '../zod-locale';
import { directoryApi, type AdminUserView, type UserFilters } from './directory-api';
import { useDirectoryT } from './directory-i18n';
import { ActiveToggle, ExportButton, ImportButton, RefusalAlert } from './DirectoryTransfer';
import { PageHeading } from '../components/PageParts';

const unitLabel = (u: UnitView) => `${u.nameZh}（${u.code}）`;

export default function UsersPage() {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<UserFilters>({ active: 'true' });
  const [search, setSearch] = useState('');
  const paging = usePaging();
  const { first } = paging;
  // The search goes to the server a moment after typing stops.
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      first();
    }, 300);
    return () => clearTimeout(timer);
  }, [search, first]);
  const [editing, setEditing] = useState<AdminUserView | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUserView | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const query = { ...filters, q: q || undefined, page: paging.page, pageSize: paging.pageSize };
  const list = useQuery({ queryKey: ['admin', 'users', query], queryFn: () => directoryApi.users(query) });
  const unitsData = useQuery(queries.units());
  const units = unitsData.data ?? [];
  const unitById = new Map(units.map((u) => [u.id, u]));

  const rows = list.data?.items ?? [];

  const setActive = async (u: AdminUserView, active: boolean) => {
    setRefusal(null);
    try {
      await directoryApi.setUserActive(u.id, active);
      void message.success(t(active ? 'user.activated' : 'user.deactivated', { username: u.username }));
      void list.refetch();
    } catch (e) {
      setRefusal(e);
    }
  };

  const columns: ColumnsType<AdminUserView> = [
    { title: t('user.username'), dataIndex: 'username', width: 170 },
    { title: t('user.displayName'), dataIndex: 'displayName', width: 200, ellipsis: true },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{tApp(`role.${r}`)}</Tag>),
    },
    {
      title: t('user.unit'),
      dataIndex: 'unitId',
      width: 220,
      ellipsis: true,
      render: (id: string | null) => (id ? (unitById.get(id)?.nameZh ?? id) : '—'),
    },
    {
      title: t('dir.active'),
      key: 'state',
      width: 150,
      render: (_: unknown, u) => (
        <Space size={2} wrap>
          <Tag color={u.active ? 'green' : 'default'}>{t(`dir.active.${u.active}`)}</Tag>
          {u.locked && <Tag color="red">{t('user.locked')}</Tag>}
          {u.isDemo && <Tag color="blue">{t('user.demo')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('user.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('dir.actions'),
      key: 'actions',
      width: 220,
      fixed: 'right',
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            {t('dir.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)}>
            {t('user.reset')}
          </Button>
          <ActiveToggle
            active={u.active}
            confirm={t('user.deactivate.confirm', { username: u.username })}
            onChange={(active) => void setActive(u, active)}
          />
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={<PageHeading title={t('user.title')} hint={t('user.hint')} />}
      extra={
        <Space align="start" wrap>
          <RefreshButton list={list} />
          <ImportButton entity="users" onImported={() => void list.refetch()} />
          <ExportButton entity="users" />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('user.new')}
          </Button>
        </Space>
      }
    >
      {refusal !== null && <RefusalAlert error={refusal} onClose={() => setRefusal(null)} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('user.search.placeholder')}
          style={{ width: 220 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="user-search"
        />
        <Select<Role>
          allowClear
          placeholder={t('user.role.placeholder')}
          style={{ width: 170 }}
          value={filters.role}
          onChange={(role) => {
            setFilters({ ...filters, role });
            first();
          }}
          options={ROLES.map((r) => ({ value: r, label: tApp(`role.${r}`) }))}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('user.unit.placeholder')}
          style={{ width: 260 }}
          loading={unitsData.isFetching}
          value={filters.unitId}
          onChange={(unitId) => {
            setFilters({ ...filters, unitId });
            first();
          }}
          options={units.map((u) => ({ value: u.id, label: unitLabel(u) }))}
        />
        <Select<'all' | 'true' | 'false'>
          style={{ width: 120 }}
          value={filters.active ?? 'all'}
          onChange={(v) => {
            setFilters({ ...filters, active: v === 'all' ? undefined : v });
            first();
          }}
          options={[
            { value: 'all', label: t('dir.all') },
            { value: 'true', label: t('dir.active.true') },
            { value: 'false', label: t('dir.active.false') },
          ]}
        />
      </Space>
      <PagedTable<AdminUserView>
        list={list}
        rows={rows}
        paging={paging}
        total={(n) => t('dir.total', { n })}
        empty={t('user.empty')}
        rowKey="id"
        columns={columns}
        scroll={{ x: 1200 }}
      />
      {editing && (
        <UserModal
          user={editing === 'new' ? null : editing}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={(u, created) => {
            setEditing(null);
            void message.success(created ? t('user.created', { username: u.username }) : t('dir.saved'));
            void list.refetch();
          }}
        />
      )}
      {resetting && <ResetModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

interface UserForm {
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
  password: string;
}

function UserModal({
  user,
  units,
  onClose,
  onSaved,
}: {
  user: AdminUserView | null;
  units: UnitView[];
  onClose(): void;
  onSaved(u: AdminUserView, created: boolean): void;
}) {
  const t = useDirectoryT();
  const { t: tApp, lang } = useI18n();
  const [form] = Form.useForm<UserForm>();
  const initialValues: Partial<UserForm> = user
    ? { displayName: user.displayName, roles: user.roles, unitId: user.unitId }
    : { username: '', displayName: '', password: '', roles: ['unit_handler'], unitId: null };

  const submit = async () => {
    const v = { ...initialValues, ...form.getFieldsValue(true) } as UserForm;
    const body = user
      ? { displayName: v.displayName, roles: v.roles, unitId: v.unitId ?? null }
      : { ...v, unitId: v.unitId ?? null };
    setZodLocale(lang);
    const parsed = (user ? userPatchBody : userCreateBody).safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? 'username'), message: i.message })),
      );
      return;
    }
    // A refusal is shown by the dialog (FormModal).
    const saved = user
      ? await directoryApi.updateUser(user.id, body)
      : await directoryApi.createUser(body as UserForm);
    onSaved(saved, !user);
  };

  return (
    <FormModal
      width={560}
      title={user ? t('user.edit.title', { username: user.username }) : t('user.new.title')}
      okText={t('dir.save')}
      form={form}
      initialValues={initialValues}
      onSubmit={submit}
      onClose={onClose}
      testId="user-form"
    >
      {!user && (
        <Form.Item name="username" label={t('user.username')} extra={t('user.username.hint')}>
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('user.displayName')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="roles" label={t('user.roles')}>
        <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: tApp(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="unitId" label={t('user.unit')}>
        <Select
          allowClear
          placeholder={t('user.unit.none')}
          showSearch={{ optionFilterProp: 'label' }}
          options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: unitLabel(u) }))}
        />
      </Form.Item>
      {!user && (
        <Form.Item name="password" label={t('user.password')} extra={t('user.password.hint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}

function ResetModal({ user, onClose }: { user: AdminUserView; onClose(): void }) {
  const t = useDirectoryT();
  const { t: tApp } = useI18n();
  const [form] = Form.useForm<{ password?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ generated?: string } | null>(null);

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const pw = (form.getFieldValue('password') as string | undefined)?.trim();
      const r = await directoryApi.resetPassword(user.id, pw || undefined);
      setDone({ generated: r.generatedPassword });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length)
        showFieldErrors(
          form,
          e.fields.map((f) => ({ name: 'password', message: f.message })),
        );
      setError(errorText(e, tApp));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('user.reset.title', { username: user.username })}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('dir.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {tApp('app.cancel')}
              </Button>,
              <Button key="ok" type="primary" danger loading={busy} onClick={() => void submit()}>
                {t('user.reset')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Alert
          type="success"
          showIcon
          title={t('user.reset.done')}
          description={
            done.generated && (
              <span>
                {t('user.reset.generated')}{' '}
                <Typography.Text code copyable data-testid="generated-password">
                  {done.generated}
                </Typography.Text>
              </span>
            )
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('user.reset.hint')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)}>
            <Form.Item name="password" label={t('user.reset.newPassword')} extra={t('user.password.hint')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
