// The official twilio client, pointed at TWILIO_API_URL when set. The SDK has no base-URL option;
// its supported extension point is `httpClient` (RECIPES.md §1b): rewrite the host, keep the path.
import twilio from 'twilio'
import type RequestClientType from 'twilio/lib/base/RequestClient.js'
import type { TwilioConfig } from './config.ts'

const REQUEST_TIMEOUT_MS = 15_000

class BaseUrlRequestClient extends twilio.RequestClient {
  readonly #base: string
  constructor (base: string) {
    super({ keepAlive: true, timeout: REQUEST_TIMEOUT_MS })
    this.#base = base
  }

  override request<T> (options: RequestClientType.RequestOptions<T>) {
    const uri = new URL(options.uri)
    return super.request({ ...options, uri: this.#base + uri.pathname + uri.search })
  }
}

export function createTwilioClient (config: Pick<TwilioConfig, 'accountSid' | 'authToken' | 'apiUrl'>): twilio.Twilio {
  const httpClient = config.apiUrl ? new BaseUrlRequestClient(config.apiUrl) : new twilio.RequestClient({ keepAlive: true, timeout: REQUEST_TIMEOUT_MS })
  return twilio(config.accountSid, config.authToken, { httpClient })
}
