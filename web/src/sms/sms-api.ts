/** The SMS endpoints (docs/integrations-sms.md), typed from the shared schemas. */
import type {
  OptOutItem,
  SmsItem,
  SmsStatusName,
  SmsTemplateView,
  UnitSmsNumberItem,
} from '../../../shared/schemas/sms.js';
import { request } from '../api';

export type { OptOutItem, SmsItem, SmsStatusName, SmsTemplateView, UnitSmsNumberItem };
const enc = encodeURIComponent;

export const smsApi = {
  messages: (q: { status?: SmsStatusName; page: number; pageSize: number }) =>
    request<{ items: SmsItem[]; total: number }>('GET', '/api/v1/sms/messages', undefined, q),
  requeue: (id: number) => request<null>('POST', `/api/v1/sms/messages/${id}/requeue`, {}),
  optOuts: () => request<OptOutItem[]>('GET', '/api/v1/sms/opt-outs'),
  addOptOut: (phone: string) => request<OptOutItem>('POST', '/api/v1/sms/opt-outs', { phone }),
  removeOptOut: (id: string) => request<null>('DELETE', `/api/v1/sms/opt-outs/${enc(id)}`),
  templates: () => request<SmsTemplateView[]>('GET', '/api/v1/sms/templates'),
  saveTemplate: (kind: string, body: string | null) =>
    request<SmsTemplateView>('PUT', `/api/v1/sms/templates/${enc(kind)}`, { body }),
  unitNumbers: () => request<UnitSmsNumberItem[]>('GET', '/api/v1/sms/unit-numbers'),
  setUnitNumber: (unitId: string, phone: string | null) =>
    request<{ unitId: string; masked: string | null }>('PUT', `/api/v1/sms/unit-numbers/${enc(unitId)}`, {
      phone,
    }),
};
