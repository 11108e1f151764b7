import { describe, expect, it } from 'vitest';
import { isTrustedServiceUrl } from './service-url.ts';

describe('the service URLs unauthenticated Teams answers', () => {
  it('takes loopback and https Bot Framework hosts', () => {
    for (const url of [
      'http://127.0.0.1:3978/',
      'http://localhost:9000',
      'http://[::1]:8080/',
      'http://127.1:80/', // normalised to 127.0.0.1
      'https://smba.trafficmanager.net/emea/',
      'https://europe.webchat.botframework.com/',
      'https://botframework.com/',
    ]) {
      expect(isTrustedServiceUrl(url), url).toBe(true);
    }
  });

  it('refuses any other host, plain http off loopback, look-alikes and credentials in the URL', () => {
    for (const url of [
      'https://example.com/',
      'http://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net.evil.test/',
      'https://evilbotframework.com/',
      'https://botframework.com.evil.test/',
      'https://evil.test\\@smba.trafficmanager.net/',
      'https://user:pass@smba.trafficmanager.net/',
      'http://10.0.0.5/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:7f00:1]/',
      'file:///etc/passwd',
      'not a url',
      undefined,
      42,
    ]) {
      expect(isTrustedServiceUrl(url), String(url)).toBe(false);
    }
  });
});
