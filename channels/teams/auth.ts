import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { TeamsConfig } from './config.ts';

/** Makes outbound connector credentials (botbuilder's own password factory when omitted). */
export type TeamsCredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

/** botframework-connector's public-cloud `AuthenticationConstants` (not a direct dependency of ours). */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
};

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** The Azure pipeline inside botbuilder's connector client (not part of its typings). */
interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

/**
 * Bot Framework authentication whose connector clients do not retry (nor sleep on a 429)
 * by themselves: the gateway's outbox owns retries and backoff, so a throttled send
 * surfaces at once as a RateLimitError instead of holding a delivery worker.
 */
class OutboxDrivenAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0]): ConnectorFactory {
    const factory = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const client = await factory.create(serviceUrl, audience);
        (client as unknown as WithPipeline).client?.pipeline?.removePolicy({ phase: 'Retry' });
        return client;
      },
    } as ConnectorFactory;
  }
}

/**
 * Bot Framework authentication from the configuration. With `MICROSOFT_APP_ID` set, every
 * inbound request must carry a JWT signed by a key from the OpenID metadata, with
 * `aud` = the app id and `serviceurl` = the activity's serviceUrl. When the keys cannot
 * be fetched, validation throws: the request is refused (fail closed).
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
export function createTeamsAuthentication(
  config: TeamsConfig,
  credentialsFactory?: TeamsCredentialsFactory,
): ConfigurationBotFrameworkAuthentication {
  const credentials = {
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
  };
  if (!config.MICROSOFT_OPENID_METADATA_URL) return new OutboxDrivenAuthentication(credentials, credentialsFactory);
  // Setting any endpoint makes botbuilder take all of them from us: pass the public-cloud
  // values for everything but where the signing keys come from.
  return new OutboxDrivenAuthentication(
    {
      ...credentials,
      ...PUBLIC_CLOUD,
      ToBotFromChannelOpenIdMetadataUrl: config.MICROSOFT_OPENID_METADATA_URL,
      ToBotFromEmulatorOpenIdMetadataUrl: config.MICROSOFT_OPENID_METADATA_URL,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    },
    credentialsFactory,
  );
}
