// Prisma CLI configuration: only `prisma generate` is used (see src/db/cli.ts for migrations,
// which run through Prisma's schema engine in WebAssembly because no engine binary can be downloaded).
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: process.env.PRISMA_SCHEMA_PATH ?? 'prisma/schema.prisma',
})
