/**
 * The one edit dialog of the admin and supervision pages: a modal around an antd form that shows the server's
 * refusal — its field errors on the fields (the field's first path segment), its message above the form — and
 * keeps the OK button spinning while the caller saves. The caller's `onSubmit` checks the values (showing its own
 * field errors and returning when they do not pass), saves, and closes the dialog on success.
 */
import { Alert, Form, Modal, type FormInstance, type FormProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { clearErrorsOnChange, showFieldErrors, type Name } from '../form-errors';
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
  /** Shown above the refusal and the form (e.g. what the decision does). */
  intro?: ReactNode;
  /** The form field that shows a refused request field (default: the field's first path segment). */
  fieldName?(field: string): Name;
  /** How required fields are marked (default: not at all). */
  requiredMark?: FormProps['requiredMark'];
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
  intro,
  fieldName = (field) => field.split('.')[0] ?? field,
  requiredMark = false,
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
          e.fields.map((f) => ({ name: fieldName(f.field), message: f.message })),
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
      {intro}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        requiredMark={requiredMark}
        onValuesChange={clearErrorsOnChange(form)}
        data-testid={testId}
      >
        {children}
      </Form>
    </Modal>
  );
}
