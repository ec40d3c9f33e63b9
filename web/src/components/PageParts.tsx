/** Pieces the admin and supervision lists share: the card's heading with its hint, and a ticket's cell. */
import { Segmented, Select, Space, Typography } from 'antd';
import { Link } from '../router';
import { useNarrow } from './narrow';

/** A list page's title with the one-line hint below it. */
export function PageHeading({ title, hint }: { title: string; hint?: string }) {
  return (
    <Space orientation="vertical" size={0} style={{ padding: '12px 0' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {hint && (
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', whiteSpace: 'normal' }}>
          {hint}
        </Typography.Text>
      )}
    </Space>
  );
}

/** A ticket in a list: its code linking to the ticket page, its title below, cut to the column. */
export function TicketCell({
  ticketId,
  code,
  title,
  maxWidth,
}: {
  ticketId: string;
  code: string;
  title: string;
  maxWidth: number;
}) {
  return (
    <Space orientation="vertical" size={0}>
      <Link to={`/tickets/${ticketId}`}>{code}</Link>
      <Typography.Text type="secondary" ellipsis style={{ maxWidth }} title={title}>
        {title}
      </Typography.Text>
    </Space>
  );
}

/**
 * A list's one-of filter above the table (e.g. open / decided / all). On a phone, a filter of many values is a
 * drop-down: a row of them would push the page sideways.
 */
export function FilterSegmented<V extends string>({
  value,
  values,
  label,
  onChange,
}: {
  value: V;
  values: readonly V[];
  label(v: V): string;
  onChange(v: V): void;
}) {
  const narrow = useNarrow();
  const options = values.map((v) => ({ value: v, label: label(v) }));
  if (narrow && values.length > 4)
    return (
      <Select<V>
        style={{ marginBottom: 16, minWidth: 160 }}
        value={value}
        onChange={onChange}
        options={options}
      />
    );
  return <Segmented<V> style={{ marginBottom: 16 }} value={value} onChange={onChange} options={options} />;
}
