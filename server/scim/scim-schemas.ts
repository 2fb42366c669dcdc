/**
 * What this service provider supports, as the discovery endpoints describe it
 * (RFC 7643 §5–7, RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas.
 * The attribute lists here are also what filters and PATCH paths are checked against.
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The most resources one page returns (a larger `count` is cut to this, as RFC 7644 §3.4.2.4 allows). */
export const MAX_PAGE = 200;
/** Request bodies: a user or a group PATCH with a few hundred members fits well within this. */
export const BODY_LIMIT = '512kb';

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  uniqueness?: 'none' | 'server';
  caseExact?: boolean;
  subAttributes?: Attribute[];
  referenceTypes?: string[];
}

function describe(a: Attribute): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: '',
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: a.mutability === 'writeOnly' ? 'never' : 'default',
    uniqueness: a.uniqueness ?? 'none',
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(describe) } : {}),
  };
}

const s = (name: string, extra: Partial<Attribute> = {}): Attribute => ({ name, type: 'string', ...extra });
const multi = (name: string, sub: Attribute[], extra: Partial<Attribute> = {}): Attribute => ({ name, type: 'complex', multiValued: true, subAttributes: sub, ...extra });

const USER_ATTRIBUTES: Attribute[] = [
  s('userName', { required: true, uniqueness: 'server' }),
  { name: 'name', type: 'complex', subAttributes: [s('formatted'), s('familyName'), s('givenName'), s('middleName'), s('honorificPrefix'), s('honorificSuffix')] },
  s('displayName'),
  s('nickName'),
  s('title'),
  s('userType'),
  s('preferredLanguage'),
  s('locale'),
  s('timezone'),
  { name: 'active', type: 'boolean' },
  multi('emails', [s('value'), s('type'), s('display'), { name: 'primary', type: 'boolean' }]),
  multi('phoneNumbers', [s('value'), s('type'), { name: 'primary', type: 'boolean' }]),
  multi('addresses', [s('formatted'), s('streetAddress'), s('locality'), s('region'), s('postalCode'), s('country'), s('type'), { name: 'primary', type: 'boolean' }]),
  multi('roles', [s('value'), s('display'), s('type'), { name: 'primary', type: 'boolean' }]),
  multi('entitlements', [s('value'), s('display'), s('type'), { name: 'primary', type: 'boolean' }]),
  s('profileUrl'),
  // Accepted and ignored: people sign in through the LMS or single sign-on, not with a provisioned password.
  s('password', { mutability: 'writeOnly' }),
  multi('groups', [s('value', { mutability: 'readOnly' }), { name: '$ref', type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' }, s('display', { mutability: 'readOnly' })], { mutability: 'readOnly' }),
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  s('employeeNumber'),
  s('costCenter'),
  s('organization'),
  s('division'),
  s('department'),
  { name: 'manager', type: 'complex', subAttributes: [s('value'), { name: '$ref', type: 'reference', referenceTypes: ['User'] }, s('displayName', { mutability: 'readOnly' })] },
];

const GROUP_ATTRIBUTES: Attribute[] = [
  s('displayName', { required: true }),
  multi('members', [s('value', { mutability: 'immutable' }), { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable' }, s('display'), s('type', { mutability: 'immutable' })]),
];

/** Attribute names (lower case) a filter or PATCH path may name on each resource, sub-attributes included. */
function names(attrs: Attribute[]): Set<string> {
  const out = new Set<string>(['id', 'externalid', 'meta', 'created', 'lastmodified', 'resourcetype', 'version', 'location', 'schemas']);
  const walk = (list: Attribute[]) => {
    for (const a of list) {
      out.add(a.name.toLowerCase());
      if (a.subAttributes) walk(a.subAttributes);
    }
  };
  walk(attrs);
  return out;
}
export const USER_ATTRIBUTE_NAMES = names([...USER_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES]);
export const GROUP_ATTRIBUTE_NAMES = names(GROUP_ATTRIBUTES);

function schemaResource(id: string, name: string, attributes: Attribute[], base: string): Record<string, unknown> {
  return { schemas: [SCHEMA_SCHEMA], id, name, description: name, attributes: attributes.map(describe), meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` } };
}

export function schemas(base: string): Array<Record<string, unknown>> {
  return [
    schemaResource(USER_SCHEMA, 'User', USER_ATTRIBUTES, base),
    schemaResource(ENTERPRISE_SCHEMA, 'EnterpriseUser', ENTERPRISE_ATTRIBUTES, base),
    schemaResource(GROUP_SCHEMA, 'Group', GROUP_ATTRIBUTES, base),
  ];
}

export function resourceTypes(base: string): Array<Record<string, unknown>> {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A person of the LMS',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A group of people, kept as the identity provider sends it',
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(base: string): Record<string, unknown> {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'A token an admin creates (npm run scim:token, or the SCIM tokens screen)', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
