import { describe, expect, it } from 'vitest';
import { createTicketBody, actionBodies } from './schemas/tickets.js';
import { publicContent } from './schemas/public.js';
import { englishOf, languageOf, localizeMessage } from './messages-en.js';

const HAN = /\p{Script=Han}/u;

describe('messages follow the reader’s language', () => {
  it('Accept-Language: Chinese unless English is preferred', () => {
    expect(languageOf(undefined)).toBe('zh');
    expect(languageOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('zh;q=0.4, en-GB;q=0.8')).toBe('en');
    expect(languageOf('fr')).toBe('zh');
  });

  it('every message the registration, public and action forms can show has an English text', () => {
    const issues = [
      ...(createTicketBody.safeParse({ channel: '', content: '', complainant: { name: '', phone: '12345' } })
        .error?.issues ?? []),
      ...(publicContent.safeParse('坏').error?.issues ?? []),
      ...Object.values(actionBodies).flatMap((schema) =>
        'safeParse' in schema ? (schema.safeParse({}).error?.issues ?? []) : [],
      ),
    ];
    const chinese = issues.map((i) => i.message).filter((m) => HAN.test(m));
    expect(chinese.length).toBeGreaterThan(10);
    expect(chinese.filter((m) => englishOf(m) === null)).toEqual([]);
    expect(localizeMessage('诉求内容不能为空', 'zh')).toBe('诉求内容不能为空');
  });
});
