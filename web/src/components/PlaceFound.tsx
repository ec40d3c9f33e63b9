/**
 * Where it happened (R4.2): the district and address the server read from the text, with the words that gave
 * it away highlighted, and one click to put them on the form. A place named only as the caller's home is
 * shown struck through: it is not where the matter is.
 */
import { Button, Space, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';

export interface PlaceView {
  districtCode: string | null;
  streetUnitId: string | null;
  address: string;
  matches: {
    name: string;
    kind: string;
    field: 'title' | 'content';
    start: number;
    end: number;
    residence: boolean;
  }[];
  residenceDistrictCode: string | null;
}

/** The text with the matched names marked; residence names struck through. */
export function HighlightedText({ text, matches }: { text: string; matches: PlaceView['matches'] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    if (m.start < at || m.end > text.length) continue;
    parts.push(text.slice(at, m.start));
    parts.push(
      <mark key={m.start} style={{ padding: 0, background: m.residence ? '#f0f0f0' : '#fff1b8' }}>
        {m.residence ? <del>{text.slice(m.start, m.end)}</del> : text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  parts.push(text.slice(at));
  return <span>{parts}</span>;
}

export function PlaceFound({
  place,
  text,
  districtName,
  applied,
  onApply,
}: {
  place: PlaceView;
  /** The text the offsets refer to (the content, or the title when the place was found there). */
  text: string;
  districtName: (code: string) => string;
  applied: boolean;
  onApply?: (location: { district: string; address: string }) => void;
}) {
  const { lang } = useI18n();
  const zh = lang !== 'en';
  if (place.districtCode === null)
    return (
      <Typography.Text type="secondary" data-testid="suggest-place">
        {zh
          ? '地点：文中未提到县（市）区或街道，请询问诉求人。'
          : 'Place: none named in the text; ask the caller.'}
      </Typography.Text>
    );
  const snippet = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return (
    <div data-testid="suggest-place">
      <Space wrap size={4}>
        <Typography.Text strong>{zh ? '发生地点' : 'Place'}</Typography.Text>
        <Tag color="geekblue">{districtName(place.districtCode)}</Tag>
        {place.address && <Typography.Text>{place.address}</Typography.Text>}
        {place.residenceDistrictCode && (
          <Typography.Text type="secondary">
            {zh
              ? `（诉求人住在${districtName(place.residenceDistrictCode)}，不是发生地）`
              : `(the caller lives in ${districtName(place.residenceDistrictCode)}; not where it happened)`}
          </Typography.Text>
        )}
        {onApply && (
          <Button
            size="small"
            type={applied ? 'default' : 'link'}
            disabled={applied}
            onClick={() => onApply({ district: place.districtCode ?? '', address: place.address })}
          >
            {applied ? (zh ? '已采用' : 'Applied') : zh ? '填入地点' : 'Fill in the place'}
          </Button>
        )}
      </Space>
      <div style={{ fontSize: 12, color: '#888' }}>
        <HighlightedText text={snippet} matches={place.matches.filter((m) => m.end <= snippet.length)} />
      </div>
    </div>
  );
}
