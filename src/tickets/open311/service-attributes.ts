// Extra questions some services ask (Open311 service definitions, "metadata": true).
// Kept in code: they are part of how a service is handled, reviewed like any other change.

export type AttributeDefinition = {
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  description: string
  datatypeDescription?: string
  values?: { key: string, name: string }[]
}

export const SERVICE_ATTRIBUTES: Readonly<Record<string, readonly AttributeDefinition[]>> = {
  lighting: [
    { code: 'pole_number', datatype: 'string', required: false, description: 'Numéro du lampadaire (plaque sur le mât)', datatypeDescription: 'Par exemple EP-0412' },
  ],
  dumping: [
    {
      code: 'volume',
      datatype: 'singlevaluelist',
      required: true,
      description: 'Quantité de déchets',
      values: [{ key: 'small', name: 'Moins d’un sac' }, { key: 'medium', name: 'Un coffre de voiture' }, { key: 'large', name: 'Plus qu’un coffre de voiture' }],
    },
    {
      code: 'kinds',
      datatype: 'multivaluelist',
      required: false,
      description: 'Nature des déchets',
      values: [{ key: 'household', name: 'Ordures ménagères' }, { key: 'rubble', name: 'Gravats' }, { key: 'furniture', name: 'Meubles' }, { key: 'hazardous', name: 'Produits dangereux' }],
    },
  ],
}

/**
 * Checks the attribute[...] fields of a POST against the service's definition and returns what
 * to store; a message naming the attribute when one is missing or not an allowed value.
 */
export function readAttributes (serviceCode: string, fields: Map<string, string[]>): { attributes: Record<string, string> } | { problem: string } {
  const attributes: Record<string, string> = {}
  for (const def of SERVICE_ATTRIBUTES[serviceCode] ?? []) {
    const raw = [...(fields.get(`attribute[${def.code}]`) ?? []), ...(fields.get(`attribute[${def.code}][]`) ?? [])].filter(v => v !== '')
    if (!raw.length) {
      if (def.required) return { problem: `attribute[${def.code}] is required for service ${serviceCode}` }
      continue
    }
    if (def.datatype !== 'multivaluelist' && raw.length > 1) return { problem: `attribute[${def.code}] takes one value` }
    if (def.values) {
      const bad = raw.find(v => !def.values!.some(allowed => allowed.key === v))
      if (bad !== undefined) return { problem: `attribute[${def.code}] must be one of ${def.values.map(v => v.key).join(', ')}` }
    }
    if (def.datatype === 'number' && !raw.every(v => Number.isFinite(Number(v)))) return { problem: `attribute[${def.code}] must be a number` }
    const value = raw.join(',')
    if (value.length > 1000) return { problem: `attribute[${def.code}] is too long` }
    attributes[def.code] = value
  }
  return { attributes }
}
