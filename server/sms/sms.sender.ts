/**
 * How an SMS leaves the platform. A sender answers for one message whether the gateway took it, refused it, or
 * whether that cannot be known (the request went out and its answer was lost). The worker (sms.worker.ts) never
 * resends an `unknown`: delivery is at most once, and the office sees those rows to check by hand.
 */
export interface OutgoingSms {
  /** Our reference: the outbox row's id, as text — what a gateway can deduplicate on. */
  ref: string;
  /** The number, in clear — never logged. */
  to: string;
  text: string;
}

export type SendResult =
  /** Accepted: the gateway's or the SMSC's message id. */
  | { outcome: 'accepted'; messageId: string }
  /** Certainly not accepted (refused connection, a refusal in the answer): may be retried when `retry`. */
  | { outcome: 'refused'; retry: boolean; error: string }
  /** The request went out and no answer came back: it may have been sent. */
  | { outcome: 'unknown'; error: string };

export interface DeliveryReceipt {
  /** The id the sender gave when it accepted the message. */
  messageId: string;
  /** The final state as the SMSC or gateway names it: DELIVRD, UNDELIV, EXPIRED, REJECTD … */
  status: string;
}

/** What a sender hears from the network: receipts, and replies from the numbers (退订). */
export interface SenderEvents {
  receipt(r: DeliveryReceipt): Promise<void>;
  reply(from: string, text: string): Promise<void>;
}

export interface SmsSender {
  /** http or smpp — recorded on the row. */
  readonly name: string;
  send(m: OutgoingSms): Promise<SendResult>;
  close(): Promise<void>;
}

/** Error text safe to store and log: no number, no message text. */
export const safeReason = (err: unknown): string => {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
  return code.slice(0, 60);
};
