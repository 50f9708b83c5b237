import { Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n';

interface TimelineEntry {
  id: number;
  at: string;
  action: string;
  note: string | null;
  /** Staff see who acted; the public record a resident sees does not name staff. */
  actor?: { name: string };
}

/** What happened to a case, oldest first, with the time, the step and its note. */
export function CaseTimeline({ events }: { events: readonly TimelineEntry[] }) {
  const { t, formatDateTime } = useI18n();
  const labels = t.cases.events;
  return (
    <Timeline
      data-testid="case-timeline"
      items={events.map((event) => ({
        key: event.id,
        // Time under the step rather than in a column beside it: the timeline stays readable at 375 px.
        content: (
          <>
            <Typography.Text strong>{event.action in labels ? labels[event.action as keyof typeof labels] : event.action}</Typography.Text>
            {event.actor && <Typography.Text type="secondary"> · {event.actor.name}</Typography.Text>}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(event.at)}
            </Typography.Text>
            {event.note && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{event.note}</Typography.Paragraph>}
          </>
        ),
      }))}
    />
  );
}
