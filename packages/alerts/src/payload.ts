/** The alert payload is the type of the stored `deliveries.payload` column: it lives with the schema. */
export type { AlertPayload, AlertSpan, AlertStory } from '@newswatch/db';
