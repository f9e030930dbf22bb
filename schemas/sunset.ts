/** Response schema and examples of the sunset API versions 1.0–2.0 (docs/contract/api.md §7.16). */
import { SUNSET_VERSIONS } from '../functions/core/sunset.js';
import type { ResponseDoc, RouteExample } from '../functions/openapi/types.js';
import { httpErrorBody } from './errors.js';
import { exactFields } from './objects.js';

export const sunsetBody = exactFields('Sunset', {
  message: { type: 'string', description: 'Which version was sunset and where its documentation lives.' },
  status: { const: 410 },
});

/** The answers below a sunset prefix: 410 on the paths the version had, 405/404 otherwise; never any authentication. */
export const sunsetResponses: Readonly<Record<number, ResponseDoc>> = {
  404: { description: 'A path the sunset version never had.', schema: httpErrorBody },
  405: { description: 'A path the sunset version had, with a method it did not have.', schema: httpErrorBody },
  410: {
    description: 'A path of the sunset version: it is gone.',
    schema: sunsetBody,
    headers: {
      Deprecation: 'The deprecation date (IMF-fixdate), e.g. `Tue, 13 Dec 2022 23:59:59 GMT`.',
      Sunset: 'The sunset date (IMF-fixdate), e.g. `Sun, 30 Apr 2023 23:59:59 GMT`.',
      Link: 'The deprecation notice (`rel="deprecation"`) and the old version\'s documentation (`rel="sunset"`).',
    },
  },
};

/** One 410 example per prefix: GET on a path the version had. */
export function sunsetExamples(prefix: string): readonly RouteExample[] {
  const version = SUNSET_VERSIONS[prefix];
  if (!version) throw new Error(`${prefix} is no sunset API version`);
  const path = Object.entries(version.paths).find(([p, methods]) => !p.includes('<') && methods.includes('GET'))![0];
  return [
    {
      summary: `GET ${prefix}${path}`,
      method: 'GET',
      params: { proxy: path.slice(1) },
      response: {
        status: 410,
        body: {
          message: `API version ${version.version} has been sunset. Please upgrade to API version 3.0. See https://flexmeasures.readthedocs.io/en/v0.13.0/api/${version.page} for more information.`,
          status: 410,
        },
      },
    },
  ];
}
