/**
 * The citizens' page, no login: submit a request through the website channel, track one by
 * code plus phone, read the frequently asked questions (the public knowledge base, searchable), or rate the result from the personal link (/public/rate#token). Personal data travels only in POST bodies — never in the URL, which is /public or
 * /public/track whatever was entered.
 */
import { LoginOutlined, TranslationOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { AntdRoot } from '../components/AntdRoot';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { usePublicT } from './public-i18n';
import { SubmitForm } from './SubmitForm';
import { RateForm } from './RateForm';
import { TrackForm } from './TrackForm';
import { FaqList } from './FaqList';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../query';

export default function PublicPage({ path }: { path: string }) {
  const t = usePublicT();
  const { lang, setLang } = useI18n();
  const tab = path === '/public/track' ? 'track' : path === '/public/faq' ? 'faq' : 'submit';
  // The code just received, handed to the tracking form (in memory, not in the URL).
  const [trackCode, setTrackCode] = useState<string | undefined>();

  return (
    <QueryClientProvider client={queryClient}>
      <AntdRoot>
        <AntApp>
          <div style={{ minHeight: '100vh', background: '#f0f2f5' }}>
            <div
              style={{
                background: 'linear-gradient(120deg, #8c1515 0%, #c41d1d 60%, #d4380d 100%)',
                color: '#fff',
                padding: '20px 16px 56px',
              }}
            >
              <div
                style={{
                  maxWidth: 760,
                  margin: '0 auto',
                  display: 'flex',
                  flexWrap: 'wrap',
                  alignItems: 'center',
                  gap: 12,
                }}
              >
                {/* On a phone the buttons wrap below: the title and subtitle never break mid-word. */}
                <div style={{ flex: '1 1 auto', minWidth: 0 }}>
                  <div style={{ fontSize: 13, opacity: 0.85, wordBreak: 'keep-all' }}>{t('subtitle')}</div>
                  <h1
                    data-testid="public-title"
                    style={{
                      margin: '4px 0 0',
                      fontSize: 'clamp(20px, 6.5vw, 26px)',
                      fontWeight: 600,
                      letterSpacing: 2,
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {t('title')}
                  </h1>
                </div>
                <Space wrap style={{ justifyContent: 'flex-end' }}>
                  <Button
                    ghost
                    size="small"
                    icon={<TranslationOutlined />}
                    onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
                  >
                    {lang === 'zh' ? 'English' : '中文'}
                  </Button>
                  <Link to="/login" style={{ color: '#fff' }}>
                    <LoginOutlined /> {t('staffLogin')}
                  </Link>
                </Space>
              </div>
            </div>
            <div style={{ maxWidth: 760, margin: '-40px auto 0', padding: '0 12px 48px' }}>
              {path === '/public/rate' ? (
                <Card title={t('rate.title')}>
                  <RateForm />
                </Card>
              ) : (
                <Card styles={{ body: { paddingTop: 8 } }}>
                  <Tabs
                    activeKey={tab}
                    onChange={(key) => navigate(key === 'submit' ? '/public' : `/public/${key}`)}
                    size="large"
                    items={[
                      {
                        key: 'submit',
                        label: t('tab.submit'),
                        children: (
                          <SubmitForm
                            onTrack={(code) => {
                              setTrackCode(code);
                              navigate('/public/track');
                            }}
                          />
                        ),
                      },
                      {
                        key: 'track',
                        label: t('tab.track'),
                        children: <TrackForm key={trackCode ?? ''} initialCode={trackCode} />,
                      },
                      {
                        key: 'faq',
                        label: t('tab.faq'),
                        children: <FaqList onAsk={() => navigate('/public')} />,
                      },
                    ]}
                  />
                </Card>
              )}
              <Typography.Paragraph
                type="secondary"
                style={{ textAlign: 'center', marginTop: 16, fontSize: 12 }}
              >
                {t('privacy')}
              </Typography.Paragraph>
            </div>
          </div>
        </AntApp>
      </AntdRoot>
    </QueryClientProvider>
  );
}
