// SMS and WhatsApp through Twilio (issue 5). Off until built.
import type { ChannelModule } from '../../src/core/channel.ts'

export const twilio: ChannelModule = {
  name: 'twilio',
  fromEnv: () => undefined,
}
