/**
 * The revisit outcome buttons (R4.6): 满意 / 基本满意 / 不满意 …, each asking first, recorded on the one ticket
 * they are shown for. Used by the revisit queue's rows and by each complainant of a merged group's row.
 */
import { App, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { REVISIT_OUTCOMES } from '../../../shared/enums.js';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ticketsChanged } from '../query';
import { errorText } from './StateViews';

/** The ticket the call is recorded on: its id, its code (named in the message) and its revision (If-Match). */
export interface RevisitTarget {
  id: string;
  code: string;
  rev: number;
}

export function RevisitOutcomes({ target }: { target: RevisitTarget }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const record = async (outcome: (typeof REVISIT_OUTCOMES)[number]) => {
    setBusy(true);
    try {
      await api.act(target.id, 'revisit', { outcome, note: '' }, target.rev);
      void message.success(`${target.code} · ${t(`outcome.${outcome}`)}`);
      void ticketsChanged();
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {REVISIT_OUTCOMES.map((o) => (
        <Popconfirm
          key={o}
          title={t('list.revisitConfirm', { outcome: t(`outcome.${o}`) })}
          okText={t('app.confirm')}
          cancelText={t('app.cancel')}
          onConfirm={() => record(o)}
        >
          <Button size="small" danger={o === 'unsatisfied'} loading={busy}>
            {t(`outcome.${o}`)}
          </Button>
        </Popconfirm>
      ))}
    </>
  );
}
