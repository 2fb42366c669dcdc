/**
 * What the LMS session keeps about how its person signed in through single sign-on, for
 * single logout. The session is auth's; server/sso fills it in and reads it back.
 */
export interface SsoSessionInfo {
  providerId: string;
  idToken?: string;
  nameID?: string;
  nameIDFormat?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
  sessionIndex?: string;
}
