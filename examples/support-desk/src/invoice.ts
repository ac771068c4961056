/** The app's invoice reader: the JSON schema its answers are parsed with, shared with the gate. */
export const InvoiceSchema = {
  type: 'object',
  required: ['total', 'currency', 'due'],
  additionalProperties: false,
  properties: {
    total: { type: 'number', minimum: 0 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    due: { type: ['string', 'null'], format: 'date' },
  },
} as const;
