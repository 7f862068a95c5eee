// Pre-filled example specs for the "Submit a job" form.

export const YAML_EXAMPLE = `name: campaign-views-5s
description: Views per campaign in 5 s windows
source: { kind: kafka, topic: ad-events, startFrom: earliest }
time: { field: event_time, format: epoch-millis, outOfOrderness: 1s }
filter: event_type == "view"
key: lookup("campaigns", ad_id)
lookups:
  - { name: campaigns, file: config/campaigns.csv }
window: { kind: tumbling, size: 5s }
aggregates:
  - { name: views, kind: count }
`;

export const JSON_EXAMPLE = `${JSON.stringify(
  {
    name: 'campaign-views-5s',
    description: 'Views per campaign in 5 s windows',
    source: { kind: 'kafka', topic: 'ad-events', startFrom: 'earliest' },
    time: { field: 'event_time', format: 'epoch-millis', outOfOrderness: '1s' },
    filter: 'event_type == "view"',
    key: 'lookup("campaigns", ad_id)',
    lookups: [{ name: 'campaigns', file: 'config/campaigns.csv' }],
    window: { kind: 'tumbling', size: '5s' },
    aggregates: [{ name: 'views', kind: 'count' }],
  },
  null,
  2,
)}
`;

export type SpecFormat = 'yaml' | 'json';

export const FORMATS: Record<SpecFormat, { label: string; contentType: string; example: string }> = {
  yaml: { label: 'YAML', contentType: 'application/yaml', example: YAML_EXAMPLE },
  json: { label: 'JSON', contentType: 'application/json', example: JSON_EXAMPLE },
};
