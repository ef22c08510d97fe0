// The README's error table and the code's catalogue must list the same codes.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AppError, ERROR_CODES } from '../../../src/errors.ts'

const readme = fs.readFileSync('README.md', 'utf8')
const section = readme.slice(readme.indexOf('<!-- section:errors -->'), readme.indexOf('<!-- /section:errors -->'))
const documented = [...section.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map(m => ({ code: m[1], status: Number(m[2]) }))

describe('error catalogue', () => {
  it('documents every error code in the README, with its status', () => {
    expect(documented.map(d => d.code).sort()).toEqual([...ERROR_CODES].sort())
    for (const { code, status } of documented) {
      expect(new AppError(code as never, 'x').statusCode, code).toBe(status)
    }
  })
})
