/**
 * The sunset API versions 1.0–2.0 (docs/contract/api.md §7.16): the paths FlexMeasures still registered,
 * and the 410 answer with Deprecation / Sunset / Link headers. Pure data and formatting.
 */

interface SunsetVersion {
  /** Version as written in the message, e.g. `2.0`. */
  version: string;
  /** Documentation page of the old version. */
  page: string;
  /** Registered paths (below the prefix) and their methods. */
  paths: Record<string, readonly string[]>;
}

const V1_1_PATHS = {
  '/getConnection': ['GET'],
  '/postPriceData': ['POST'],
  '/postWeatherData': ['POST'],
  '/getPrognosis': ['GET'],
  '/postPrognosis': ['POST'],
  '/getMeterData': ['GET'],
  '/postMeterData': ['POST'],
  '/getService': ['GET'],
} as const;

const V1_2_PATHS = { '/getDeviceMessage': ['GET'], '/postUdiEvent': ['POST'], ...V1_1_PATHS } as const;

export const SUNSET_VERSIONS: Record<string, SunsetVersion> = {
  '/api/v1': {
    version: '1.0',
    page: 'v1.html',
    paths: { '/getMeterData': ['GET', 'POST'], '/postMeterData': ['POST'], '/getService': ['GET'] },
  },
  '/api/v1_1': { version: '1.1', page: 'v1_1.html', paths: V1_1_PATHS },
  '/api/v1_2': { version: '1.2', page: 'v1_2.html', paths: V1_2_PATHS },
  '/api/v1_3': { version: '1.3', page: 'v1_3.html', paths: V1_2_PATHS },
  '/api/v2_0': {
    version: '2.0',
    page: 'v2_0.html',
    paths: {
      '/assets': ['GET', 'POST'],
      '/asset/<id>': ['GET', 'PATCH', 'DELETE'],
      '/users': ['GET'],
      '/user/<id>': ['GET', 'PATCH'],
      '/user/<id>/password-reset': ['PATCH'],
      ...V1_2_PATHS,
    },
  },
};

export interface SunsetSettings {
  /** FLEXMEASURES_API_SUNSET_DATE: used verbatim as the Sunset header when set. */
  sunsetDate?: string;
  /** FLEXMEASURES_API_SUNSET_LINK: replaces the per-version documentation link when set. */
  sunsetLink?: string;
}

export type SunsetOutcome =
  | { kind: 'gone'; message: string; headers: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

const DEPRECATION = 'Tue, 13 Dec 2022 23:59:59 GMT';
const SUNSET = 'Sun, 30 Apr 2023 23:59:59 GMT';
const DEPRECATION_LINK = 'https://flexmeasures.readthedocs.io/en/latest/api/introduction.html#deprecation-and-sunset';

function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => (seg.startsWith('<') ? b[i] !== '' : seg === b[i]));
}

/** What a request to a sunset prefix gets: 410 for registered paths, 405 for other methods, 404 otherwise. */
export function sunsetOutcome(prefix: string, rest: string, method: string, settings: SunsetSettings = {}): SunsetOutcome {
  const version = SUNSET_VERSIONS[prefix];
  if (!version) return { kind: 'not-found' };
  const entry = Object.entries(version.paths).find(([pattern]) => matches(pattern, rest));
  if (!entry) return { kind: 'not-found' };
  const methods = entry[1];
  const m = method.toUpperCase();
  if (!methods.includes(m) && !(m === 'HEAD' && methods.includes('GET')) && m !== 'OPTIONS') {
    return { kind: 'method-not-allowed' };
  }
  const link = settings.sunsetLink || `https://flexmeasures.readthedocs.io/en/v0.13.0/api/${version.page}`;
  return {
    kind: 'gone',
    message: `API version ${version.version} has been sunset. Please upgrade to API version 3.0. See ${link} for more information.`,
    headers: {
      Deprecation: DEPRECATION,
      Sunset: settings.sunsetDate || SUNSET,
      // Two Link values; HTTP API payload 2.0 has no multi-value headers, and a comma-joined field
      // is equivalent to repeated fields (RFC 9110 §5.3). The local server writes two lines.
      Link: [
        `<${DEPRECATION_LINK}>; rel="deprecation"; type="text/html"`,
        `<${link}>; rel="sunset"; type="text/html"`,
      ].join(', '),
    },
  };
}
