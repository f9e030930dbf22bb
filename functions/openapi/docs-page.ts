/**
 * The browsable docs page: Swagger UI (swagger-ui-dist) rendering /api/v3_0/openapi.json, with
 * every script and style served by our own endpoint — nothing is loaded from a CDN, and Swagger
 * UI's online validator badge is switched off, so the page makes no request to another origin.
 *
 * In Lambda the Swagger UI files lie next to the bundle in `swagger-ui/` (the CDK stack copies them
 * there, see lib/stack.ts); locally they are read from node_modules/swagger-ui-dist. Files are read
 * on first request and kept, with a gzip copy for clients that accept it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The swagger-ui-dist files the page uses (copied into Lambda bundles). */
export const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png', 'favicon-16x16.png'] as const;

/** The folder next to a Lambda bundle that holds SWAGGER_UI_FILES. */
export const BUNDLED_SWAGGER_UI_DIR = 'swagger-ui';

/** Our own start-up script, served as `docs/init.js` (the page's CSP allows no inline script). */
export const INIT_SCRIPT_NAME = 'init.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/** Content security policy of the page: same-origin scripts, styles, images and API calls only. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI (React) sets style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page at /api/v3_0/docs. Links are relative to it (`docs/…`, `openapi.json`), so the page also
 * works behind a custom domain's base path.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>FlexMeasures API v3.0 — documentation</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <noscript>The documentation needs JavaScript. The OpenAPI document itself is at <a href="openapi.json">openapi.json</a>.</noscript>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/${INIT_SCRIPT_NAME}"></script>
</body>
</html>
`;

const INIT_JS = `// Starts Swagger UI on this API's OpenAPI document (no online validator: nothing leaves this origin).
window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  validatorUrl: null,
  // Within a tag: by path, then in the order one reads a resource's methods.
  operationsSorter: function (a, b) {
    var order = ['get', 'post', 'put', 'patch', 'delete'];
    return a.get('path').localeCompare(b.get('path')) || order.indexOf(a.get('method')) - order.indexOf(b.get('method'));
  },
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/** A static file of the docs page. */
export interface DocsAsset {
  contentType: string;
  body: Buffer;
  /** Whether the body is text (compressible; served without base64 when not compressed). */
  text: boolean;
  /** The gzip-compressed body (text only; computed on first use). */
  gzipped(): Buffer;
}

let swaggerUiDir: string | null = null;

function findSwaggerUiDir(): string {
  const bundled = fileURLToPath(new URL(`./${BUNDLED_SWAGGER_UI_DIR}/`, import.meta.url));
  if (existsSync(join(bundled, SWAGGER_UI_FILES[0]))) return bundled;
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

function asset(name: string, body: Buffer): DocsAsset {
  const contentType = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  const text = !contentType.startsWith('image/');
  let gz: Buffer | null = null;
  return { contentType, body, text, gzipped: () => (gz ??= gzipSync(body, { level: 9 })) };
}

const loaded = new Map<string, DocsAsset>();

/** The static file `name` of the docs page (`init.js` or one of SWAGGER_UI_FILES), or null for any other name. */
export function docsAsset(name: string): DocsAsset | null {
  const known = loaded.get(name);
  if (known) return known;
  let found: DocsAsset;
  if (name === INIT_SCRIPT_NAME) {
    found = asset(name, Buffer.from(INIT_JS, 'utf8'));
  } else if ((SWAGGER_UI_FILES as readonly string[]).includes(name)) {
    swaggerUiDir ??= findSwaggerUiDir();
    found = asset(name, readFileSync(join(swaggerUiDir, name)));
  } else {
    return null;
  }
  loaded.set(name, found);
  return found;
}
