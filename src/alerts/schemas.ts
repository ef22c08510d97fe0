// Schemas of the broadcasts' and consultations' bodies (issue 21). The shapes are checked here;
// read-input.ts still trims, applies the fr → en fallback and checks dates against each other.
import { Type } from '@fastify/type-provider-typebox'
import { OptionalText } from '../http/schemas.ts'

/** "text" or {fr, en}: fr is required, en falls back to fr. */
export const BilingualText = (description: string) => Type.Union([
  Type.String(),
  Type.Object({ fr: Type.String(), en: OptionalText('Default: the French text') }),
], { description })

export const OptionalBoolean = (description: string) => Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description }))

export const BroadcastBody = Type.Object({
  topic: Type.String({ description: 'An alert topic code' }),
  text: BilingualText('The message (at most 1,000 characters per language)'),
  urgent: OptionalBoolean('Sent also in quiet hours; default false'),
  sendAt: OptionalText('ISO 8601 date-time; default: now'),
  endsAt: OptionalText('ISO 8601 date-time after the sending time: the alert stops being current'),
  zone: OptionalText('Only subscribers of this zone (at most 200 characters)'),
})
