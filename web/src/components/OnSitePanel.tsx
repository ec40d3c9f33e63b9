/**
 * On-site reporting in the disposal, verification and completion forms (R4.3.1: the unit goes to the site at
 * once): photos from the phone's camera, shrunk on the device and attached to the ticket with a progress bar
 * (the attachment rules apply: the server checks type by content, size caps, encrypts), and — only when the
 * handler ticks it and the browser's permission prompt is accepted — where the report was made, sent with the
 * action and kept on its event.
 */
import { CameraOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Progress, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { GeoFix } from '../../../shared/schemas/tickets.js';
import { api, type AttachmentView } from '../api';
import { errorText } from '../error-text';
import { useI18n } from '../i18n';
import { queries, queryClient } from '../query';
import { percentOf, uploadFile } from '../transfer';
import { useFieldT } from './field-i18n';
import { shrinkPhoto } from './shrink-photo';

type Step = { name: string; phase: 'shrinking' | 'uploading'; percent: number };

export function OnSitePanel({
  ticketId,
  location,
  onLocation,
}: {
  ticketId: string;
  location: GeoFix | null;
  onLocation(fix: GeoFix | null): void;
}) {
  const { t } = useI18n();
  const ft = useFieldT();
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [locError, setLocError] = useState<string | null>(null);

  const send = async (files: File[]) => {
    setPhotoError(null);
    for (const original of files) {
      try {
        setStep({ name: original.name, phase: 'shrinking', percent: 0 });
        const file = await shrinkPhoto(original);
        setStep({ name: file.name, phase: 'uploading', percent: 0 });
        await uploadFile<AttachmentView>(api.attachmentsUrl(ticketId), file, {
          onProgress: (p) => setStep({ name: file.name, phase: 'uploading', percent: percentOf(p) ?? 0 }),
        });
        setDone((d) => [...d, file.name]);
      } catch (e) {
        setPhotoError(
          typeof navigator !== 'undefined' && navigator.onLine === false
            ? ft('m.photoOffline')
            : errorText(e, t),
        );
        break;
      }
    }
    setStep(null);
    void queryClient.invalidateQueries({ queryKey: queries.attachments(ticketId).queryKey });
  };

  const locate = (wanted: boolean) => {
    setLocError(null);
    if (!wanted) {
      onLocation(null);
      return;
    }
    if (!('geolocation' in navigator)) {
      setLocError(ft('m.locationFailed', { reason: '—' }));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onLocation({
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
          accuracy: Math.round(pos.coords.accuracy),
        });
      },
      (err) => {
        setLocating(false);
        onLocation(null);
        setLocError(ft('m.locationFailed', { reason: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div
      style={{ border: '1px dashed #d9d9d9', borderRadius: 6, padding: 12, marginBottom: 16 }}
      data-testid="on-site"
    >
      <Typography.Text strong>{ft('m.photos')}</Typography.Text>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void send(files);
        }}
      />
      <div style={{ margin: '8px 0' }}>
        <Button
          icon={<CameraOutlined />}
          block
          onClick={() => input.current?.click()}
          loading={step !== null}
        >
          {ft('m.takePhoto')}
        </Button>
      </div>
      {step && (
        <div data-testid="photo-progress">
          <Typography.Text type="secondary">
            {ft(step.phase === 'shrinking' ? 'm.shrinking' : 'm.uploading', { name: step.name })}
          </Typography.Text>
          <Progress percent={step.percent} size="small" />
        </div>
      )}
      {done.map((name) => (
        <div key={name} data-testid="photo-done">
          <Typography.Text type="success">{ft('m.uploaded', { name })}</Typography.Text>
        </div>
      ))}
      {photoError && <Alert type="error" showIcon title={photoError} style={{ marginTop: 8 }} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
        {ft('m.photoHint')}
      </Typography.Paragraph>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Checkbox
          checked={location !== null || locating}
          onChange={(e) => locate(e.target.checked)}
          data-testid="location-consent"
          style={{ minHeight: 44, alignItems: 'center' }}
        >
          <EnvironmentOutlined /> {ft('m.location')}
        </Checkbox>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {ft('m.locationHint')}
        </Typography.Text>
        {locating && <Typography.Text>{ft('m.locating')}</Typography.Text>}
        {location && (
          <Typography.Text data-testid="location-fix">
            {ft('m.located', { lat: location.lat, lng: location.lng, acc: location.accuracy })}
          </Typography.Text>
        )}
        {locError && <Typography.Text type="danger">{locError}</Typography.Text>}
      </Space>
    </div>
  );
}
