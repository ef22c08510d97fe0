// npm run -s intents:export — every training example as a JSON line {"text","intent","lang"}.
import { loadTrainingExamples } from '../training-data.ts'

// A closed pipe (`| head`) is a normal end for a CLI, not a crash.
process.stdout.on('error', error => { if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0); throw error })

process.stdout.write(loadTrainingExamples().map(({ text, intent, lang }) => JSON.stringify({ text, intent, lang })).join('\n') + '\n')
