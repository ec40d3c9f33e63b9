/** Status and urgency tags: one colour per meaning, everywhere. */
import { Tag } from 'antd';
import type { TicketStatus, Urgency } from '../../../shared/enums.js';
import { useI18n } from '../i18n';

const STATUS_COLOR: Record<TicketStatus, string> = {
  registered: 'blue',
  dispatched: 'cyan',
  accepted: 'geekblue',
  returned: 'orange',
  planned: 'purple',
  completed: 'green',
  replied: 'lime',
  supervising: 'volcano',
  archived: 'default',
  answered: 'green',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  return urgency === 'urgent' ? (
    <Tag color="red" variant="solid">
      {t('urgency.urgent')}
    </Tag>
  ) : (
    <Tag>{t('urgency.general')}</Tag>
  );
}
