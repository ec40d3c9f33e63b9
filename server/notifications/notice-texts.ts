/**
 * The words of every notice, in each recipient's language. A notification is stored as what happened (its kind)
 * and the facts it names (`params`: the ticket's code and title, deadlines as ISO instants, a reason given); the
 * bell renders it in the reader's language when it is read (`Accept-Language`, zh-CN default, en), and the SMS
 * copy is rendered in the language the recipient chose in the UI (`users.lang`) when it is queued.
 *
 * Texts name the ticket by code and title; recipients handle it and may see its content — never the
 * complainant's name or number (R9.1). The SMS copy leaves the platform through a provider, so it carries only
 * the code, what happened and the deadline.
 */

export type NoticeLang = 'zh' | 'en';

interface Ticketed {
  /** The ticket's code (12345-…) and title. */
  code: string;
  title: string;
  /** The ticket's completion deadline (ISO), as the notice states it. */
  due?: string | null;
  urgent?: boolean;
}

/** Everything a notice can say. `t` picks the words; the stored `kind` (the bell's category) may be shared. */
export type Notice = Ticketed &
  (
    | { t: 'dispatch'; variant: 'new' | 'reassigned' | 'coordinated' }
    | { t: 'return'; reason: string }
    | { t: 'return-accepted' }
    | { t: 'return-rejected'; reason: string }
    | { t: 'assist'; byCoordination: boolean }
    | { t: 'reassigned' }
    | { t: 'sub-dispatch' }
    | { t: 'assist-request'; reason: string }
    | { t: 'reopen' }
    | { t: 'supervise'; notice: string; previousDue: string | null }
    | { t: 'deadline-warning' }
    | { t: 'overdue' }
    | { t: 'supervision'; reason: 'unsatisfied' | 'reopened' | 'manual' }
    | { t: 'coordination'; returnCount: number }
    /** The working-day calendar changed (an import or an edited day) and moved the deadline (R4.4, R10.1). */
    | {
        t: 'deadline-moved';
        previousDue: string | null;
        cause: { kind: 'import'; year: number } | { kind: 'edit'; date: string };
      }
  );

export interface RenderedNotice {
  title: string;
  body: string;
  /** What happened, in a few words, for the SMS copy. */
  sms: string;
}

/** A time in Beijing time (Asia/Shanghai, no daylight saving), as the notices show it. */
export const beijing = (iso: string | Date | null | undefined): string => {
  if (!iso) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
};

function zh(n: Notice): RenderedNotice {
  const due = `办结时限 ${beijing(n.due)}`;
  const t = (title: string) => `${title}：${n.code}`;
  switch (n.t) {
    case 'dispatch': {
      const title = { new: '新工单', reassigned: '改派工单', coordinated: '协调决定交办' }[n.variant];
      return {
        title: t(title),
        body: `工单「${n.title}」已转你单位办理（${n.urgent ? '紧急类：立即处置并直报，R4.3.1' : '一般类'}），${due}。`,
        sms: `已转你单位办理${n.urgent ? '（紧急）' : ''}`,
      };
    }
    case 'return':
      return {
        title: t('退单待审定'),
        body: `承办单位退回工单「${n.title}」：${n.reason}`,
        sms: '被退回，待审定',
      };
    case 'return-accepted':
      return {
        title: t('退单已同意'),
        body: `你单位退回的工单「${n.title}」已改派其他单位办理。`,
        sms: '退单已同意，已改派',
      };
    case 'return-rejected':
      return {
        title: t('退单未获同意'),
        body: `你单位退回的工单「${n.title}」未获同意：${n.reason}。请继续办理，${due}。`,
        sms: '退单未获同意，请继续办理',
      };
    case 'assist':
      return {
        title: t('协办工单'),
        body: n.byCoordination
          ? `协调决定由你单位协助办理工单「${n.title}」，${due}。`
          : `请你单位协助办理工单「${n.title}」，${due}。`,
        sms: '请你单位协办',
      };
    case 'reassigned':
      return {
        title: t('工单已改由他单位办理'),
        body: `工单「${n.title}」经协调已改由其他单位牵头办理。`,
        sms: '已改由他单位办理',
      };
    case 'sub-dispatch':
      return {
        title: t('二级派单'),
        body: `上级单位将工单「${n.title}」交你单位办理，${due}。`,
        sms: '已交你单位办理',
      };
    case 'assist-request':
      return {
        title: t('请求协调'),
        body: `承办单位就工单「${n.title}」请求协调协助：${n.reason}`,
        sms: '请求协调',
      };
    case 'reopen':
      return {
        title: t('重新办理'),
        body: `工单「${n.title}」归档后问题复发，已重新办理并转督办（R6.1）。`,
        sms: '已重新办理，转督办',
      };
    case 'supervise':
      return {
        title: t('督办'),
        body: `督办意见：${n.notice}。新的办结时限 ${beijing(n.due)}（原时限 ${beijing(n.previousDue)}）。`,
        sms: '被督办',
      };
    case 'deadline-warning':
      return {
        title: t('临期预警'),
        body: `工单「${n.title}」将于 ${beijing(n.due)}（北京时间） 到期，请抓紧办理。`,
        sms: '临近办结时限',
      };
    case 'overdue':
      return {
        title: t('超期'),
        body: `工单「${n.title}」已于 ${beijing(n.due)}（北京时间） 超期，已转市政府督查室督办（R6.1）。`,
        sms: '已超期，转督办',
      };
    case 'supervision':
      return {
        title: t('督办'),
        body:
          n.reason === 'unsatisfied'
            ? `工单「${n.title}」回访不满意，转督办（R6.1）。`
            : `工单「${n.title}」已重新办理，转督办（R6.1）。`,
        sms: '转督办',
      };
    case 'coordination':
      return {
        title: t('需协调'),
        body: `工单已被退单 ${n.returnCount} 次，已自动生成协调建议，请完善后报市领导。`,
        sms: '需协调',
      };
    case 'deadline-moved': {
      const cause =
        n.cause.kind === 'import' ? `导入 ${n.cause.year} 年工作日历` : `修改工作日历 ${n.cause.date}`;
      return {
        title: t('办结时限调整'),
        body: `因${cause}，工单「${n.title}」的办结时限由 ${beijing(n.previousDue)} 调整为 ${beijing(n.due)}（北京时间）。`,
        sms: '办结时限已调整',
      };
    }
  }
}

function en(n: Notice): RenderedNotice {
  const due = `deadline ${beijing(n.due)} (Beijing time)`;
  const t = (title: string) => `${title}: ${n.code}`;
  switch (n.t) {
    case 'dispatch': {
      const title = {
        new: 'New ticket',
        reassigned: 'Ticket reassigned to you',
        coordinated: 'Assigned by coordination',
      }[n.variant];
      return {
        title: t(title),
        body: `Ticket “${n.title}” has been passed to your unit (${n.urgent ? 'urgent: act at once and report directly, R4.3.1' : 'general'}), ${due}.`,
        sms: `has been passed to your unit${n.urgent ? ' (urgent)' : ''}`,
      };
    }
    case 'return':
      return {
        title: t('Return to review'),
        body: `A handling unit returned ticket “${n.title}”: ${n.reason}`,
        sms: 'was returned and awaits review',
      };
    case 'return-accepted':
      return {
        title: t('Return accepted'),
        body: `Ticket “${n.title}”, returned by your unit, has been reassigned to another unit.`,
        sms: 'return accepted, reassigned',
      };
    case 'return-rejected':
      return {
        title: t('Return rejected'),
        body: `Your unit's return of ticket “${n.title}” was not accepted: ${n.reason}. Please carry on, ${due}.`,
        sms: 'return rejected, please carry on',
      };
    case 'assist':
      return {
        title: t('Assist on a ticket'),
        body: n.byCoordination
          ? `Coordination decided that your unit assists on ticket “${n.title}”, ${due}.`
          : `Your unit is asked to assist on ticket “${n.title}”, ${due}.`,
        sms: 'needs your unit to assist',
      };
    case 'reassigned':
      return {
        title: t('Ticket moved to another unit'),
        body: `After coordination, ticket “${n.title}” is now led by another unit.`,
        sms: 'is now led by another unit',
      };
    case 'sub-dispatch':
      return {
        title: t('Passed down to your unit'),
        body: `Your parent unit passed ticket “${n.title}” to your unit, ${due}.`,
        sms: 'has been passed to your unit',
      };
    case 'assist-request':
      return {
        title: t('Coordination requested'),
        body: `A handling unit asks for coordination on ticket “${n.title}”: ${n.reason}`,
        sms: 'coordination requested',
      };
    case 'reopen':
      return {
        title: t('Re-opened'),
        body: `The problem of ticket “${n.title}” came back after archiving; it is re-opened and under supervision (R6.1).`,
        sms: 'was re-opened and is under supervision',
      };
    case 'supervise':
      return {
        title: t('Supervision'),
        body: `Supervision notice: ${n.notice}. New deadline ${beijing(n.due)} (was ${beijing(n.previousDue)}), Beijing time.`,
        sms: 'is under supervision',
      };
    case 'deadline-warning':
      return {
        title: t('Deadline near'),
        body: `Ticket “${n.title}” is due at ${beijing(n.due)} (Beijing time); please finish it soon.`,
        sms: 'is near its deadline',
      };
    case 'overdue':
      return {
        title: t('Overdue'),
        body: `Ticket “${n.title}” went overdue at ${beijing(n.due)} (Beijing time) and is passed to the supervision office (R6.1).`,
        sms: 'is overdue and under supervision',
      };
    case 'supervision':
      return {
        title: t('Supervision'),
        body:
          n.reason === 'unsatisfied'
            ? `The complainant was not satisfied with ticket “${n.title}”; it is under supervision (R6.1).`
            : `Ticket “${n.title}” was re-opened and is under supervision (R6.1).`,
        sms: 'is under supervision',
      };
    case 'coordination':
      return {
        title: t('Coordination needed'),
        body: `The ticket has been returned ${n.returnCount} times; a coordination proposal was drafted — complete it and submit it to the city leader.`,
        sms: 'needs coordination',
      };
    case 'deadline-moved': {
      const cause =
        n.cause.kind === 'import'
          ? `the ${n.cause.year} working-day calendar was imported`
          : `the working-day calendar was changed for ${n.cause.date}`;
      return {
        title: t('Deadline changed'),
        body: `Because ${cause}, the deadline of ticket “${n.title}” moved from ${beijing(n.previousDue)} to ${beijing(n.due)} (Beijing time).`,
        sms: 'has a new deadline',
      };
    }
  }
}

export function renderNotice(n: Notice, lang: NoticeLang): RenderedNotice {
  return lang === 'en' ? en(n) : zh(n);
}

/** The SMS copy: code, what happened, the deadline — nothing of the request's content (R9.1). */
export function renderSms(n: Notice, lang: NoticeLang): string {
  const { sms } = renderNotice(n, lang);
  return lang === 'en'
    ? `[Jilin 12345] Ticket ${n.code} ${sms}; deadline ${beijing(n.due)} (Beijing time). Please sign in to handle it.`
    : `【吉林市民生诉求】工单 ${n.code}${sms}，办结时限 ${beijing(n.due)}（北京时间）。请登录系统办理。`;
}
