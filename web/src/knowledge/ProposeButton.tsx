/**
 * "Propose as article" on a ticket that has been answered: the reply to the complainant becomes a knowledge
 * base draft (the office reviews and publishes it as any other), and the draft opens in the knowledge base.
 * Shown to those the policy module lets propose (`knowledge.propose`); the server checks again.
 */
import { BookOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import type { TicketStatus } from '../../../shared/enums.js';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { may } from '../nav';
import { navigate } from '../router';
import { useSession } from '../session';
import { knowledgeApi } from './knowledge-api';
import { useKnowledgeT } from './knowledge-i18n';

/** A reply to the complainant exists: fed back (R4.5), archived after revisit, or answered at intake. */
const ANSWERED: readonly TicketStatus[] = ['replied', 'archived', 'answered'];

export function ProposeButton({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const { t } = useI18n();
  const kt = useKnowledgeT();
  const { user } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!may(user, 'knowledge.propose') || !ANSWERED.includes(status)) return null;
  const propose = async () => {
    setBusy(true);
    try {
      const draft = await knowledgeApi.fromTicket(ticketId);
      void message.success(kt('tpl.proposed'));
      navigate(`/knowledge?open=${encodeURIComponent(draft.id)}`);
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={kt('tpl.proposeHint')}>
      <Button
        icon={<BookOutlined />}
        loading={busy}
        onClick={() => void propose()}
        data-testid="propose-article"
      >
        {kt('tpl.propose')}
      </Button>
    </Tooltip>
  );
}
