/**
 * Changing one's own password: the current password, the new one twice. The rule is checked by the
 * server (with the username) and its answer shown on the field; other sessions end when it succeeds.
 */
import { App as AntApp, Alert, Button, Card, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { errorText } from '../error-text';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { useI18n } from '../i18n';
import { useAccountT } from './account-i18n';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function PasswordForm({ onDone }: { onDone(): void }) {
  const [form] = Form.useForm<Values>();
  const { t } = useI18n();
  const at = useAccountT();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(v.currentPassword, v.newPassword);
      void message.success(at('pw.done'));
      form.resetFields();
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        showFieldErrors(
          form,
          err.fields.map((f) => ({ name: f.field, message: f.message })),
        );
      } else setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: at('pw.empty') };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      onValuesChange={clearErrorsOnChange(form)}
      style={{ maxWidth: 420 }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="currentPassword" label={at('pw.current')} rules={[required]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={at('pw.new')} rules={[required]} extra={at('pw.rule')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={at('pw.confirm')}
        dependencies={['newPassword']}
        rules={[
          required,
          ({ getFieldValue }) => ({
            validator: (_, value: string) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(at('pw.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {at('pw.submit')}
      </Button>
    </Form>
  );
}

/** Shown instead of any page while an admin-set password has not been changed. */
export function PasswordChangeRequired({ onDone }: { onDone(): void }) {
  const at = useAccountT();
  return (
    <Card title={at('pw.required.title')} style={{ maxWidth: 520 }}>
      <Alert type="warning" showIcon title={at('pw.required.hint')} style={{ marginBottom: 16 }} />
      <PasswordForm onDone={onDone} />
    </Card>
  );
}

/** The header's dialog. */
export default function PasswordChangeDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const at = useAccountT();
  return (
    <Modal open={open} title={at('pw.title')} footer={null} onCancel={onClose} destroyOnHidden>
      <PasswordForm onDone={onClose} />
    </Modal>
  );
}
