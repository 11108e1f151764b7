/**
 * Where a Teams answer may go when requests are not authenticated (no `MICROSOFT_APP_ID`,
 * development only). An unauthenticated activity names its own `serviceUrl`, and the answer
 * is posted there: without this check anyone could make the gateway send requests to any host.
 * Bot Framework's connector endpoints are on these hosts (https only); the Bot Framework
 * Emulator and local tests listen on loopback.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#base-uri
 */
const BOT_FRAMEWORK_DOMAINS = ['botframework.com'];
const BOT_FRAMEWORK_HOSTS = ['smba.trafficmanager.net'];

function isLoopback(hostname: string): boolean {
  // WHATWG URL parsing has already normalised forms such as 127.1 or 2130706433 to 127.0.0.1.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function isBotFramework(hostname: string): boolean {
  return BOT_FRAMEWORK_HOSTS.includes(hostname) || BOT_FRAMEWORK_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/** True for a loopback URL (http or https) or an https URL on a Bot Framework host. */
export function isTrustedServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.username || url.password) return false;
  const hostname = url.hostname.toLowerCase();
  if (isLoopback(hostname)) return url.protocol === 'http:' || url.protocol === 'https:';
  return url.protocol === 'https:' && isBotFramework(hostname);
}
