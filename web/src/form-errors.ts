/**
 * Errors from a schema or the server placed on form fields: one message per field (the first — "不能为空"
 * rather than the format complaint that follows from it), cleared as soon as the user edits that field.
 */
import type { FormInstance } from 'antd';
import { createElement, type ReactNode } from 'react';
import { localizeMessage } from '../../shared/messages-en.js';
import { useI18n } from './i18n';

/**
 * A field's message in the UI language, rendered where the form shows it: switching the language re-words the
 * errors already on screen, not only the next ones (the shared schemas' messages are written in Chinese).
 */
function FieldMessage({ message }: { message: string }): string {
  return localizeMessage(message, useI18n().lang);
}

export type Name = string | number | (string | number)[];

export function showFieldErrors(form: FormInstance, issues: { name: Name; message: string }[]): void {
  const seen = new Set<string>();
  // antd renders each error as a node: the message is a component, so it follows the language.
  const fields: { name: Name; errors: ReactNode[] }[] = [];
  for (const i of issues) {
    const key = JSON.stringify(i.name);
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ name: i.name, errors: [createElement(FieldMessage, { message: i.message })] });
  }
  form.setFields(fields as never);
}

/** Pass as a Form's onValuesChange: an edited field loses the error set by showFieldErrors. */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: Record<string, unknown>): void => {
    const names: Name[] = [];
    const walk = (value: unknown, path: string[]) => {
      if (value && typeof value === 'object' && !Array.isArray(value) && !('$d' in value)) {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      } else names.push(path.length === 1 ? (path[0] as string) : path);
    };
    walk(changed, []);
    const withErrors = names.filter((n) => form.getFieldError(n as never).length > 0);
    if (withErrors.length) form.setFields(withErrors.map((name) => ({ name, errors: [] })) as never);
  };
}
