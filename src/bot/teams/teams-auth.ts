// Who may talk to /api/messages and how the bot gets tokens for its own posts: botbuilder's
// authentication, configured from TeamsConfig, behind a wrapper that fails closed. botbuilder
// lets some jsonwebtoken errors (a token signed with another key, `alg: none` with a key id,
// HS256) escape as plain Errors, which its adapter answers with 500; here every failure to
// authenticate is an AuthenticationError with 401. botbuilder's own console output while it
// checks a token is dropped (botbuilder-console.ts): the adapter logs each refusal once, via pino.
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AppCredentials, AuthenticationError, BotFrameworkAuthentication, JwtTokenProviderFactory, ManagedIdentityServiceClientCredentialsFactory,
  PasswordServiceClientCredentialFactory, ServiceClientCredentialsFactory,
  type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorFactory, type UserTokenClient,
} from 'botframework-connector';
import type { TeamsConfig, TeamsEndpoints } from '../../config.ts';
import { withoutConsole } from './botbuilder-console.ts';

const UNAUTHORIZED = 401;

/** Delegates to botbuilder's authentication; any failure to authenticate a request becomes a 401. */
class FailClosedAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await withoutConsole(() => this.inner.authenticateRequest(activity, authHeader));
    } catch (error) {
      throw unauthorized(error);
    }
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await withoutConsole(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
    } catch (error) {
      throw unauthorized(error);
    }
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

function unauthorized(error: unknown): AuthenticationError {
  const message = error instanceof Error ? error.message : String(error);
  return new AuthenticationError(`Unauthorized: ${message}`, UNAUTHORIZED);
}

interface TokenAnswer {
  readonly access_token?: string;
  readonly expires_in?: number;
}

/**
 * Client-credentials tokens from a configured token endpoint (`<loginUrl>/oauth2/v2.0/token`),
 * used only with TEAMS_LOGIN_URL (the test stand-in): botbuilder's MSAL path would first look the
 * authority up at login.microsoftonline.com.
 */
class EndpointCredentials extends AppCredentials {
  constructor(appId: string, private readonly password: string, private readonly tokenUrl: string, scope: string) {
    super(appId, undefined, scope);
  }

  protected async refreshToken(): Promise<{ accessToken: string; expiresOn: Date }> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.password, scope: `${this.oAuthScope}/.default` });
    const res = await fetch(this.tokenUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(10_000) });
    const answer = (await res.json().catch(() => ({}))) as TokenAnswer;
    if (!res.ok || !answer.access_token) throw new Error(`token endpoint ${this.tokenUrl} answered ${res.status} without an access_token`);
    return { accessToken: answer.access_token, expiresOn: new Date(Date.now() + (answer.expires_in ?? 3600) * 1000) };
  }
}

class EndpointCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string, private readonly password: string, private readonly endpoints: TeamsEndpoints) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string | undefined): Promise<AppCredentials> {
    if (appId !== this.appId) throw new AuthenticationError(`Unauthorized: unknown app id ${appId}`, UNAUTHORIZED);
    return new EndpointCredentials(appId, this.password, `${this.endpoints.loginUrl}/oauth2/v2.0/token`, audience ?? this.endpoints.oauthScope);
  }
}

function credentialsFactory(teams: TeamsConfig): ServiceClientCredentialsFactory {
  const appId = teams.appId ?? '';
  if (!appId) return new PasswordServiceClientCredentialFactory('', '');
  if (teams.endpoints) return new EndpointCredentialsFactory(appId, teams.appPassword ?? '', teams.endpoints);
  if (teams.appType === 'UserAssignedMSI') return new ManagedIdentityServiceClientCredentialsFactory(appId, new JwtTokenProviderFactory());
  // A single-tenant bot gets its tokens from its own tenant; a multi-tenant one from botframework.com.
  if (teams.appType === 'SingleTenant' && teams.tenantId) return new PasswordServiceClientCredentialFactory(appId, teams.appPassword ?? '', teams.tenantId);
  return new PasswordServiceClientCredentialFactory(appId, teams.appPassword ?? '');
}

/** botbuilder's authentication for this configuration, failing closed (every bad token is a 401). */
export function teamsAuthentication(teams: TeamsConfig): BotFrameworkAuthentication {
  const e = teams.endpoints;
  // Setting any endpoint makes botbuilder use only the ones given: all of them, or none.
  const endpoints = e ? {
    ToBotFromChannelOpenIdMetadataUrl: e.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: e.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: e.tokenIssuer,
    ToChannelFromBotLoginUrl: e.loginUrl,
    ToChannelFromBotOAuthScope: e.oauthScope,
    OAuthUrl: e.loginUrl,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: false,
  } : {};
  const inner = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    ...(teams.tenantId ? { MicrosoftAppTenantId: teams.tenantId } : {}),
    ...endpoints,
  }, credentialsFactory(teams));
  return new FailClosedAuthentication(inner);
}
