// Open311 resources end in their format: services.json, requests/DEM-2026-00001.xml.
import { splitFormat, type Open311Format } from './format.ts'
import { Open311Error } from './errors.ts'

export function parseFile (file: string, expected?: string): { name: string, format: Open311Format } {
  const split = splitFormat(file)
  if (!split || (expected && split[0] !== expected)) throw new Open311Error(404, `No Open311 resource ${file}: add .xml or .json`)
  return { name: split[0], format: split[1] }
}
