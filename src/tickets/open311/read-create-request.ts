// POST requests: every field checked before anything is stored, each problem named.
import { parsePhoneNumberFromString } from 'libphonenumber-js'
import { open311BadRequest } from './errors.ts'
import { single, type PostFields, type UploadedFile } from './read-fields.ts'
import type { BoundingBox } from '../../config.ts'

export type CreateRequestInput = {
  serviceCode: string
  latitude?: number
  longitude?: number
  addressString?: string
  description?: string
  email?: string
  phone?: string
  firstName?: string
  lastName?: string
  mediaUrls: string[]
  files: UploadedFile[]
}

const MAX_MEDIA = 10

function coordinate (fields: PostFields['fields'], key: string, limit: number): number | undefined {
  const raw = single(fields, key, 40)
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!/^-?\d+(\.\d+)?$/.test(raw) || Math.abs(value) > limit) throw open311BadRequest(`${key} must be a decimal number from -${limit} to ${limit}`)
  return value
}

function inside (b: BoundingBox, lon: number, lat: number): boolean {
  return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat
}

export function readCreateRequest ({ fields, files }: PostFields, bbox?: BoundingBox): CreateRequestInput {
  const serviceCode = single(fields, 'service_code', 100)
  if (!serviceCode) throw open311BadRequest('service_code is required')
  const latitude = coordinate(fields, 'lat', 90)
  const longitude = coordinate(fields, 'long', 180)
  if ((latitude === undefined) !== (longitude === undefined)) throw open311BadRequest('lat and long must be given together')
  const addressString = single(fields, 'address_string', 500)
  if (latitude === undefined && !addressString) {
    // address_id is a spec field we cannot resolve (no address registry): say so rather than "no location".
    if (single(fields, 'address_id', 200)) throw open311BadRequest('address_id is not supported here: send lat and long, or address_string')
    throw open311BadRequest('A location is required: lat and long, or address_string')
  }
  if (bbox && latitude !== undefined && longitude !== undefined && !inside(bbox, longitude, latitude)) {
    throw open311BadRequest(`lat and long are outside the commune (longitude ${bbox.minLon} to ${bbox.maxLon}, latitude ${bbox.minLat} to ${bbox.maxLat})`)
  }

  const email = single(fields, 'email', 254)?.toLowerCase()
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw open311BadRequest('email is not an email address')
  const rawPhone = single(fields, 'phone', 40)
  const parsed = rawPhone === undefined ? undefined : parsePhoneNumberFromString(rawPhone, 'FR')
  if (rawPhone !== undefined && !parsed?.isValid()) throw open311BadRequest('phone is not a valid phone number')

  const mediaUrls = fields.get('media_url') ?? []
  if (mediaUrls.length + files.length > MAX_MEDIA) throw open311BadRequest(`At most ${MAX_MEDIA} media per request`)
  for (const url of mediaUrls) {
    // Stored as a link, never fetched: a URL from a payload is not ours to follow.
    if (url.length > 2000 || !/^https?:\/\/[^\s/]+\S*$/i.test(url) || !URL.canParse(url)) throw open311BadRequest('media_url must be an http(s) URL')
  }
  return {
    serviceCode,
    latitude,
    longitude,
    addressString,
    description: single(fields, 'description', 4000),
    email,
    phone: parsed?.number,
    firstName: single(fields, 'first_name', 100),
    lastName: single(fields, 'last_name', 100),
    mediaUrls,
    files,
  }
}
