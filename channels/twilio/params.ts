// Twilio posts application/x-www-form-urlencoded; a repeated key arrives as an array.
export type TwilioParams = Record<string, string | string[] | undefined>

export function param (params: TwilioParams, name: string): string | undefined {
  const value = params[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : undefined
}
