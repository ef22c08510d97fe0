import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readQueryCompilerOnce } from '../../../src/db/cli.ts'

// Issue 19 (memory): the generated clients must not import their query compiler's base64 module,
// whose text would stay in the heap for the process's life (8.8 MB), but read it once as a file.
describe("the generated Prisma clients' query compiler", () => {
  it('is read as a file by both clients, not imported as a module', () => {
    for (const provider of ['sqlite', 'postgresql']) {
      const source = fs.readFileSync(`generated/${provider}/internal/class.ts`, 'utf8')
      expect(source).not.toMatch(/import\([^)]*wasm-base64/)
      expect(source).toContain(`.resolve("@prisma/client/runtime/query_compiler_fast_bg.${provider}.wasm-base64.mjs")`)
    }
  })

  it('stops the generation when a new Prisma generates the client differently, rather than keep the copy silently', () => {
    expect(() => readQueryCompilerOnce('const { wasm } = await import("./somewhere-else.mjs")')).toThrow(/no longer imports its query compiler/)
  })
})
