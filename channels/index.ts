// The one list of channels. Adding a channel is a folder plus one line here.
// Order is the order of the start-up lines.
import type { ChannelModule } from '../src/core/channel.ts'
import { webchat } from './webchat/index.ts'
import { twilio } from './twilio/index.ts'
import { email } from './email/index.ts'
import { botframework } from './botframework/index.ts'

export const channelModules: readonly ChannelModule[] = [webchat, twilio, email, botframework]
