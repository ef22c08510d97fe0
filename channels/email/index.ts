// Email over IMAP and SMTP (issue 6). Off until built.
import type { ChannelModule } from '../../src/core/channel.ts'

export const email: ChannelModule = {
  name: 'email',
  fromEnv: () => undefined,
}
