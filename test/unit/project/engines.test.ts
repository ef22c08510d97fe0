// Issue 19: « engines matching what the dependencies need ». npm prints EBADENGINE when a package
// it installs asks for a Node our own `engines` range allows below; the lock file lists them all.
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..', '..')
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))

describe('the Node versions the project says it runs on', () => {
  const ours: string = read('package.json').engines.node
  const lock: { packages: Record<string, { engines?: Record<string, string> | string[], optional?: boolean }> } = read('package-lock.json')

  it('are all accepted by every package npm installs from the lock file', () => {
    const refused: string[] = []
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || Array.isArray(entry.engines)) continue
      const theirs = entry.engines?.node
      if (theirs && !semver.subset(ours, theirs, { includePrerelease: false })) refused.push(`${where.replace(/^node_modules\//, '')} wants node ${theirs}`)
    }
    expect(refused).toEqual([])
  })

  it('include the Node this test runs on', () => {
    expect(semver.satisfies(process.versions.node, ours)).toBe(true)
  })
})
