/**
 * The one edit dialog of the admin and supervision pages: a modal around an antd form that shows the server's
 * refusal — its field errors on the fields (the field's first path segment), its message above the form — and
 * keeps the OK button spinning while the caller saves. The caller's `onSubmit` checks the values (showing its own
 * field errors and returning when they do not pass), saves, and closes the dialog on success.
 */
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { useI18n } from '../i18n';
import { errorText } from './StateViews';

interface Props<V> {
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Checks and saves; a thrown error is shown (ApiError fields on the form). */
  onSubmit(): Promise<void>;
  onClose(): void;
  okText: string;
  width?: number;
  /** The form's data-testid (the browser tests find the form by it). */
  testId?: string;
  children: ReactNode;
}

export function FormModal<V>({
  title,
  form,
  initialValues,
  onSubmit,
  onClose,
  okText,
  width,
  testId,
  children,
}: Props<V>) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      await onSubmit();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        showFieldErrors(
          form,
          e.fields.map((f) => ({ name: f.field.split('.')[0] ?? f.field, message: f.message })),
        );
      }
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={width}
      title={title}
      okText={okText}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        requiredMark={false}
        onValuesChange={clearErrorsOnChange(form)}
        data-testid={testId}
      >
        {children}
      </Form>
    </Modal>
  );
}
