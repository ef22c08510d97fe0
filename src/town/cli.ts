// npm run town:import -- <file> | npm run -s town:export [-- --json]
// Import: the whole town in one transaction (a bad file changes nothing and names the line).
// Export: the town file on standard output (YAML; JSON with --json).
import { loadConfig } from '../config.ts'
import { applyMigrations } from '../db/schema-engine.ts'
import { openDatabase } from '../db/client.ts'
import { storeOf } from '../db/transaction.ts'
import { readTownFile } from './demo-town.ts'
import { formatIssue, TownFileInvalid } from './town-file.ts'
import { importTown } from './town-import.ts'
import { ValidationFailed } from '../errors.ts'
import { exportTown, townToYaml } from './town-export.ts'

async function main (): Promise<number> {
  const [command, ...args] = process.argv.slice(2)
  const config = loadConfig()
  if (command === 'import') {
    const file = args.find(a => !a.startsWith('--'))
    if (!file) { console.error('usage: npm run town:import -- <town-file.yaml|json>'); return 2 }
    let town
    try {
      town = readTownFile(file)
    } catch (error) {
      if (error instanceof TownFileInvalid) {
        console.error(`${file}: not imported, nothing changed:`)
        for (const issue of error.issues) console.error(`  ${formatIssue(issue)}`)
        return 1
      }
      console.error(`${file}: ${(error as Error).message}`)
      return 1
    }
    await applyMigrations(config.databaseUrl)
    const database = await openDatabase(config.databaseUrl)
    try {
      const counts = await importTown(storeOf(database.db), town, { via: 'cli', timeZone: config.timeZone })
      console.log(`${file} imported: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`)
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error
      console.error(`${file}: not imported, nothing changed:`)
      for (const issue of error.details) console.error(`  ${issue.path}: ${issue.message}`)
      return 1
    } finally {
      await database.close()
    }
    return 0
  }
  if (command === 'export') {
    await applyMigrations(config.databaseUrl)
    const database = await openDatabase(config.databaseUrl)
    try {
      const town = await exportTown(storeOf(database.db), config.timeZone)
      process.stdout.write(args.includes('--json') ? `${JSON.stringify(town, null, 2)}\n` : townToYaml(town))
    } finally {
      await database.close()
    }
    return 0
  }
  console.error('usage: town/cli.ts import <file> | export [--json]')
  return 2
}

main().then(code => process.exit(code), (error: Error) => { console.error(error.message); process.exit(1) })
