/**
 * The web console: a small single-page app on the API of its own origin. Routes live in the URL
 * fragment (`#/assets/7?preset=last-7-days`), so the page is one static file and every view can be
 * bookmarked. The auth token is kept in sessionStorage (gone with the tab, never in a cookie); a 401
 * from the API sends the user back to sign-in. Charts are Vega-Lite specs rendered by vega-embed
 * with Vega's expression interpreter, so nothing is compiled with `Function` (the page's CSP allows
 * no eval). All text from the API is inserted as text, never as HTML.
 */
import embed, { type VisualizationSpec } from 'vega-embed';
import { expressionFunction } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';

// ---------------------------------------------------------------- formatters the chart specs use

const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

// The specs ask for three significant digits ('.3~r'); thousands are separated by a space.
expressionFunction('quantityWithUnitFormat', (value: unknown, params: [string, string]) => {
  if (typeof value !== 'number') return String(value ?? '');
  return `${significant.format(value).replace(/,/g, ' ')} ${params[1]}`;
});

expressionFunction('timedeltaFormat', (ms: unknown, params: [string, number]) => {
  if (typeof ms !== 'number') return String(ms ?? '');
  const breakpoint = params[1];
  const units: [string, number][] = [
    ['years', 365.25 * 86_400_000],
    ['days', 86_400_000],
    ['hours', 3_600_000],
    ['minutes', 60_000],
    ['seconds', 1000],
  ];
  for (const [name, size] of units) {
    if (Math.abs(ms) >= breakpoint * size) return `${Math.round(ms / size)} ${name}`;
  }
  return `${ms} milliseconds`;
});

// Vega-Lite writes a temporal scale domain given in epoch ms as `datetime(ms)`, which Vega's code
// generator turns into `new Date(ms)`; the interpreter would read the lone number as a year.
expressionFunction('datetime', (...args: (number | string)[]) =>
  args.length === 1 ? new Date(args[0]!) : new Date(Number(args[0]), Number(args[1] ?? 0), Number(args[2] ?? 1), Number(args[3] ?? 0), Number(args[4] ?? 0), Number(args[5] ?? 0), Number(args[6] ?? 0)),
);

// ---------------------------------------------------------------- DOM helpers

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const main = () => document.getElementById('main')!;

function show(title: string, ...children: Child[]): void {
  document.title = `${title} · FlexMeasures console`;
  main().replaceChildren(h('h1', {}, title), ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  main().focus();
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const body = err.body as { message?: unknown } | undefined;
    const message = body && typeof body === 'object' && 'message' in body ? body.message : body;
    return typeof message === 'string' ? message : JSON.stringify(message, null, 2);
  }
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------- API

const TOKEN_KEY = 'fm-console-token';
const token = () => sessionStorage.getItem(TOKEN_KEY);

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

async function api<T = any>(method: string, path: string, options: { query?: Record<string, string | number | boolean | undefined>; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const url = new URL(path, document.baseURI);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.Authorization = t;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  if (res.status === 401 && !path.endsWith('requestAuthToken')) {
    sessionStorage.removeItem(TOKEN_KEY);
    location.hash = `#/login?next=${encodeURIComponent(location.hash)}`;
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body as T;
}

// ---------------------------------------------------------------- routing

interface Route {
  path: string[];
  query: URLSearchParams;
}

function current(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?', 2) as [string, string | undefined];
  return { path: path.split('/').filter(Boolean), query: new URLSearchParams(query ?? '') };
}

function go(path: string, query?: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const hash = `#${path}${q.size ? `?${q}` : ''}`;
  if (location.hash === hash) void render();
  else location.hash = hash;
}

function nav(): void {
  const el = document.getElementById('nav')!;
  if (!token()) return el.replaceChildren();
  el.replaceChildren(
    h('a', { href: '#/accounts' }, 'Accounts'),
    h('a', { href: '#/assets' }, 'Assets'),
    h('button', { type: 'button', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); go('/login'); } }, 'Sign out'),
  );
}

async function render(): Promise<void> {
  const route = current();
  nav();
  const [first, id, sub] = route.path;
  if (first !== 'login' && !token()) return go('/login', { next: location.hash });
  try {
    if (first === 'login') return signIn(route);
    if (!first || first === 'accounts') return await accounts();
    if (first === 'assets' && id) return await assetPage(Number(id), route);
    if (first === 'assets') return await assetList(route);
    if (first === 'sensors' && id && sub === 'schedule') return await scheduleView(Number(id));
    if (first === 'sensors' && id) return await sensorPage(Number(id), route);
    show('Not found', h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Back to the start.')));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    show('Something went wrong', h('p', { class: 'error', role: 'alert' }, errorText(err)));
  }
}

// ---------------------------------------------------------------- sign-in

function signIn(route: Route): void {
  const message = h('p', { class: 'error', role: 'alert' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    {
      class: 'stack card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        message.textContent = '';
        try {
          const res = await api<{ auth_token: string }>('POST', 'api/requestAuthToken', { body: { email: email.value, password: password.value } });
          sessionStorage.setItem(TOKEN_KEY, res.auth_token);
          const next = route.query.get('next');
          location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/accounts';
        } catch (err) {
          message.textContent = errorText(err);
        }
      },
    },
    h('label', {}, 'E-mail', email),
    h('label', {}, 'Password', password),
    h('button', { type: 'submit' }, 'Sign in'),
    message,
  );
  show('Sign in', form);
  email.focus();
}

// ---------------------------------------------------------------- accounts and assets

interface Asset {
  id: number;
  name: string;
  account_id: number | null;
  generic_asset_type: { name: string } | null;
  generic_asset_type_id: number;
  attributes: string;
  latitude: number | null;
  longitude: number | null;
  consumption_price_sensor_id?: number | null;
  production_price_sensor_id?: number | null;
}

interface Sensor {
  id: number;
  name: string;
  unit: string;
  event_resolution: string;
  timezone: string;
  entity_address: string;
  generic_asset_id: number;
  attributes: string;
}

async function accounts(): Promise<void> {
  const list = await api<{ id: number; name: string; account_roles: { name: string }[] }[]>('GET', 'api/v3_0/accounts');
  show(
    'Accounts',
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'ID'), h('th', {}, 'Roles'))),
        h(
          'tbody',
          {},
          ...list.map((a) =>
            h('tr', {}, h('td', {}, h('a', { href: `#/assets?account=${a.id}` }, a.name)), h('td', {}, String(a.id)), h('td', {}, (a.account_roles ?? []).map((r) => r.name).join(', '))),
          ),
        ),
      ),
    ),
  );
}

const PER_PAGE = 10;

async function assetList(route: Route): Promise<void> {
  const account = route.query.get('account') ?? undefined;
  const filter = route.query.get('q') ?? '';
  const page = Math.max(1, Number(route.query.get('page') ?? '1') || 1);
  let result: { data: (Asset & { status?: unknown })[]; 'filtered-records': number; 'num-records': number };
  try {
    result = await api('GET', 'api/v3_0/assets', {
      query: { account_id: account, all_accessible: account ? undefined : true, page, per_page: PER_PAGE, filter: filter || undefined },
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) result = { data: [], 'filtered-records': 0, 'num-records': 0 };
    else throw err;
  }
  const search = h('input', { type: 'search', name: 'q', value: filter, 'aria-label': 'Search assets' });
  const pages = Math.max(1, Math.ceil(result['filtered-records'] / PER_PAGE));
  const to = (p: number) => go('/assets', { account, q: filter, page: String(p) });
  show(
    account ? 'Assets of the account' : 'Assets',
    h('form', { class: 'toolbar', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); go('/assets', { account, q: search.value }); } }, search, h('button', { type: 'submit' }, 'Search')),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'ID'), h('th', {}, 'Type'), h('th', {}, 'Account'))),
        h(
          'tbody',
          {},
          ...result.data.map((a) =>
            h('tr', {}, h('td', {}, h('a', { href: `#/assets/${a.id}` }, a.name)), h('td', {}, String(a.id)), h('td', {}, a.generic_asset_type?.name ?? ''), h('td', {}, a.account_id === null ? 'public' : String(a.account_id))),
          ),
        ),
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => to(page - 1) }, 'Previous'),
        h('span', { class: 'notice' }, `Page ${page} of ${pages} · ${result['filtered-records']} of ${result['num-records']} assets`),
        h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => to(page + 1) }, 'Next'),
      ),
    ),
  );
}

// ---------------------------------------------------------------- date ranges

const DAY = 86_400_000;
const PRESETS: Record<string, string> = { today: 'Today', 'last-2-days': 'Last 2 days', 'last-7-days': 'Last 7 days', 'this-month': 'This month', 'next-2-days': 'Next 2 days' };

function localMidnight(d: Date, addDays = 0): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + addDays);
}

/** The window of a preset in the browser's time zone: `[start, end)`. */
function presetWindow(preset: string, now = new Date()): [Date, Date] {
  switch (preset) {
    case 'today':
      return [localMidnight(now), localMidnight(now, 1)];
    case 'last-7-days':
      return [localMidnight(now, -6), localMidnight(now, 1)];
    case 'this-month':
      return [new Date(now.getFullYear(), now.getMonth(), 1), new Date(now.getFullYear(), now.getMonth() + 1, 1)];
    case 'next-2-days':
      return [localMidnight(now), localMidnight(now, 2)];
    default:
      return [localMidnight(now, -1), localMidnight(now, 1)];
  }
}

/** ISO 8601 with the browser's offset for that instant (`2025-01-06T00:00:00+01:00`). */
function isoLocal(d: Date): string {
  const off = -d.getTimezoneOffset();
  const pad = (n: number) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${off < 0 ? '-' : '+'}${pad(off / 60)}:${pad(off % 60)}`;
}

function offsetText(d: Date): string {
  return isoLocal(d).slice(19);
}

/** The chosen window from the URL: `start`/`end` dates, else a preset (default: the last two days). */
function windowOf(route: Route): { start: Date; end: Date; preset: string | null } {
  const s = route.query.get('start');
  const e = route.query.get('end');
  if (s && e) {
    const start = new Date(`${s}T00:00:00`);
    const end = new Date(`${e}T00:00:00`);
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end) return { start, end: localMidnight(end, 1), preset: null };
  }
  const preset = route.query.get('preset') ?? 'last-2-days';
  const [start, end] = presetWindow(preset);
  return { start, end, preset: preset in PRESETS ? preset : 'last-2-days' };
}

const dateValue = (d: Date) => isoLocal(d).slice(0, 10);

function rangePicker(path: string, route: Route): HTMLElement {
  const w = windowOf(route);
  const start = h('input', { type: 'date', name: 'start', value: dateValue(w.start) });
  const end = h('input', { type: 'date', name: 'end', value: dateValue(new Date(w.end.getTime() - 1)) });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const dst = offsetText(w.start) !== offsetText(new Date(w.end.getTime() - 1));
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'toolbar', role: 'group', 'aria-label': 'Date range' },
      ...Object.entries(PRESETS).map(([key, label]) =>
        h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(w.preset === key), 'data-preset': key, onclick: () => go(path, { preset: key }) }, label),
      ),
      h(
        'form',
        { class: 'toolbar', onsubmit: (e: Event) => { e.preventDefault(); go(path, { start: start.value, end: end.value }); } },
        h('label', {}, 'From', start),
        h('label', {}, 'To (inclusive)', end),
        h('button', { type: 'submit' }, 'Show'),
      ),
    ),
    h('p', { class: 'notice' }, `Times are shown in ${zone} (UTC${offsetText(w.start)}).`, dst ? ` The range crosses a daylight-saving change (UTC${offsetText(w.start)} → UTC${offsetText(new Date(w.end.getTime() - 1))}).` : ''),
  );
}

// ---------------------------------------------------------------- charts

const EMBED_OPTIONS = {
  mode: 'vega-lite' as const,
  renderer: 'svg' as const,
  actions: { export: true, source: false, compiled: false, editor: false },
  ast: true,
  expr: expressionInterpreter,
  tooltip: { theme: 'light' },
  // The specs name the formatters registered above.
  config: { customFormatTypes: true },
};

/**
 * Vega-Lite sizes `width: "container"` only on single views; in vertically concatenated charts the
 * rows get the element's width in pixels instead (less room for the y-axis).
 */
function fitWidth(spec: Record<string, unknown>, px: number): Record<string, unknown> {
  if (!Array.isArray(spec.vconcat)) return spec;
  const rows = (spec.vconcat as Record<string, unknown>[]).map((row) => (row.width === undefined || row.width === 'container' ? { ...row, width: px } : row));
  const { width: _width, height: _height, ...rest } = spec;
  return { ...rest, vconcat: rows };
}

async function drawChart(el: HTMLElement, spec: VisualizationSpec): Promise<void> {
  const px = Math.max(200, (el.clientWidth || 800) - 110);
  await embed(el, fitWidth(spec as Record<string, unknown>, px) as VisualizationSpec, EMBED_OPTIONS as never);
}

function parseAttributes(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------- asset page

async function assetPage(id: number, route: Route): Promise<void> {
  const asset = await api<Asset>('GET', `api/v3_0/assets/${id}`);
  const sensors = (await api<Sensor[]>('GET', 'api/v3_0/sensors', { query: { account_id: asset.account_id ?? undefined } }).catch(() => [] as Sensor[])).filter(
    (s) => s.generic_asset_id === id,
  );
  const attributes = parseAttributes(asset.attributes);
  const w = windowOf(route);
  const chartEl = h('div', { class: 'chart', id: 'asset-chart', 'aria-label': `Chart of ${asset.name}` });
  const status = h('p', { class: 'notice', role: 'status' }, 'Loading the chart…');
  const audit = h('div', { class: 'card' }, 'Loading…');

  show(
    asset.name,
    h('div', { class: 'breadcrumb' }, h('a', { href: '#/assets' }, 'Assets'), ' › ', asset.name),
    h(
      'div',
      { class: 'card' },
      rangePicker(`/assets/${id}`, route),
      sensors[0] && sensors[0].timezone !== Intl.DateTimeFormat().resolvedOptions().timeZone && h('p', { class: 'notice' }, `This asset's sensors keep time in ${sensors[0].timezone}.`),
      status,
      chartEl,
    ),
    sensorPicker(asset, sensors, attributes),
    h('h2', {}, 'Sensors'),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Unit'), h('th', {}, 'Resolution'), h('th', {}, ''))),
        h(
          'tbody',
          {},
          ...sensors.map((s) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/sensors/${s.id}` }, s.name)),
              h('td', {}, s.unit),
              h('td', {}, s.event_resolution),
              h('td', {}, isPowerUnit(s.unit) ? h('a', { href: `#/sensors/${s.id}/schedule` }, 'Schedule…') : ''),
            ),
          ),
        ),
      ),
    ),
    h('h2', {}, 'Properties'),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          ...[
            ['ID', String(asset.id)],
            ['Type', asset.generic_asset_type?.name ?? String(asset.generic_asset_type_id)],
            ['Account', asset.account_id === null ? 'public' : String(asset.account_id)],
            ['Location', asset.latitude === null ? '—' : `${asset.latitude}, ${asset.longitude}`],
            ['Attributes', JSON.stringify(attributes)],
          ].map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k!), h('td', {}, v!))),
        ),
      ),
    ),
    h('h2', {}, 'Audit log'),
    audit,
  );

  const window = { event_starts_after: isoLocal(w.start), event_ends_before: isoLocal(w.end) };
  try {
    const [spec, data] = await Promise.all([
      api<Record<string, unknown>>('GET', `api/v3_0/assets/${id}/chart`, { query: { ...window, dataset_name: `asset_${id}`, width: 'container' } }),
      api<unknown[]>('GET', `api/v3_0/assets/${id}/chart_data`, { query: window }),
    ]);
    spec.datasets = { [`asset_${id}`]: data };
    status.textContent = data.length ? `${data.length} values.` : 'No data in this range.';
    await drawChart(chartEl, spec as VisualizationSpec);
  } catch (err) {
    status.textContent = '';
    status.append(h('span', { class: 'error' }, errorText(err)));
  }

  api<{ event: string; event_datetime: string; active_user_name: string | null }[]>('GET', `api/v3_0/assets/${id}/auditlog`)
    .then((entries) =>
      audit.replaceChildren(
        entries.length
          ? h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Event'), h('th', {}, 'By'))),
              h('tbody', {}, ...entries.map((e) => h('tr', {}, h('td', {}, e.event_datetime), h('td', {}, e.event), h('td', {}, e.active_user_name ?? '')))),
            )
          : 'No audit entries.',
      ),
    )
    .catch((err) => audit.replaceChildren(h('span', { class: 'error' }, errorText(err))));
}

function isPowerUnit(unit: string): boolean {
  return /^(k|M|G)?W$/.test(unit);
}

/** Checkboxes of the asset's sensors and its price sensors; saving writes `sensors_to_show` (one row each). */
function sensorPicker(asset: Asset, sensors: Sensor[], attributes: Record<string, unknown>): HTMLElement {
  const shown = new Set<number>();
  const current = attributes.sensors_to_show;
  if (Array.isArray(current)) {
    for (const item of current) {
      if (typeof item === 'number') shown.add(item);
      else if (Array.isArray(item)) item.forEach((i) => typeof i === 'number' && shown.add(i));
      else if (item && typeof item === 'object') {
        const o = item as { sensor?: unknown; sensors?: unknown };
        if (typeof o.sensor === 'number') shown.add(o.sensor);
        if (Array.isArray(o.sensors)) o.sensors.forEach((i) => typeof i === 'number' && shown.add(i));
      }
    }
  }
  // Without the attribute the chart shows the asset's first two sensors: start from those.
  if (!Array.isArray(current)) for (const s of sensors.slice().sort((a, b) => a.id - b.id).slice(0, 2)) shown.add(s.id);
  const candidates = new Map<number, string>(sensors.map((s) => [s.id, s.name]));
  for (const [key, label] of [
    ['consumption_price_sensor_id', 'consumption price'],
    ['production_price_sensor_id', 'production price'],
  ] as const) {
    const sid = asset[key];
    if (typeof sid === 'number' && !candidates.has(sid)) candidates.set(sid, `${label} (sensor ${sid})`);
  }
  for (const sid of shown) if (!candidates.has(sid)) candidates.set(sid, `sensor ${sid}`);
  const message = h('p', { role: 'status' });
  const boxes = [...candidates].map(([sid, name]) => h('input', { type: 'checkbox', name: 'sensor', value: String(sid), checked: shown.has(sid) }));
  return h(
    'details',
    { class: 'card', id: 'sensor-picker' },
    h('summary', {}, 'Choose the sensors this chart shows'),
    h(
      'form',
      {
        class: 'stack',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const chosen = boxes.filter((b) => b.checked).map((b) => Number(b.value));
          message.className = '';
          try {
            await api('PATCH', `api/v3_0/assets/${asset.id}`, { body: { attributes: JSON.stringify({ ...attributes, sensors_to_show: chosen }) } });
            message.className = 'ok';
            message.textContent = 'Saved.';
            void render();
          } catch (err) {
            message.className = 'error';
            message.textContent = errorText(err);
          }
        },
      },
      ...boxes.map((b, i) => h('label', { class: 'inline' }, b, [...candidates.values()][i]!)),
      h('button', { type: 'submit' }, 'Save'),
      message,
    ),
  );
}

// ---------------------------------------------------------------- sensor page

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

function durationMs(text: string): number {
  const m = ISO_DURATION.exec(text);
  if (!m) return 0;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

function hoursDuration(ms: number): string {
  return `PT${Math.round(ms / 60_000)}M`;
}

async function sensorPage(id: number, route: Route): Promise<void> {
  const sensor = await api<Sensor>('GET', `api/v3_0/sensors/${id}`);
  const w = windowOf(route);
  const chartEl = h('div', { class: 'chart', id: 'sensor-chart', 'aria-label': `Chart of ${sensor.name}` });
  const status = h('p', { class: 'notice', role: 'status' }, 'Loading…');
  const stats = h('div', { class: 'card' }, 'Loading…');
  const download = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Download CSV');
  show(
    sensor.name,
    h('div', { class: 'breadcrumb' }, h('a', { href: `#/assets/${sensor.generic_asset_id}` }, 'Asset'), ' › ', sensor.name),
    h('div', { class: 'card' }, rangePicker(`/sensors/${id}`, route), status, chartEl, h('div', { class: 'toolbar' }, download, isPowerUnit(sensor.unit) && h('a', { href: `#/sensors/${id}/schedule` }, 'Schedule this device…'))),
    h('h2', {}, 'Properties'),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h('tbody', {}, ...[['ID', String(sensor.id)], ['Unit', sensor.unit], ['Resolution', sensor.event_resolution], ['Time zone', sensor.timezone], ['Entity address', sensor.entity_address]].map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k!), h('td', {}, v!)))),
      ),
    ),
    h('h2', {}, 'Statistics per source'),
    stats,
    h('h2', {}, 'Upload data (CSV)'),
    uploadForm(sensor),
  );

  const resolution = durationMs(sensor.event_resolution);
  api<Record<string, unknown>>('GET', `api/v3_0/sensors/${id}/stats`)
    .then((body) => {
      const sources = Object.entries(body).filter((e): e is [string, Record<string, unknown>] => e[0] !== 'status' && typeof e[1] === 'object' && e[1] !== null);
      stats.replaceChildren(
        sources.length
          ? h(
              'table',
              {},
              h('thead', {}, h('tr', {}, ...['Source', 'First event', 'Last event', 'Min', 'Max', 'Mean', 'Sum', 'Count'].map((t) => h('th', {}, t)))),
              h(
                'tbody',
                {},
                ...sources.map(([name, s]) =>
                  h('tr', {}, h('td', {}, name), ...['min_event_start', 'max_event_start', 'min_value', 'max_value', 'mean_value', 'sum_values', 'count_values'].map((k) => h('td', {}, typeof s[k] === 'number' ? Number((s[k] as number).toFixed(4)).toString() : String(s[k] ?? '')))),
                ),
              ),
            )
          : 'No data yet.',
      );
    })
    .catch((err) => stats.replaceChildren(h('span', { class: 'error' }, errorText(err))));

  try {
    const windowMs = w.end.getTime() - w.start.getTime();
    const body = await api<{ values: (number | null)[]; start: string; resolution?: string; unit: string }>('GET', 'api/v3_0/sensors/data', {
      query: { sensor: sensor.entity_address, start: isoLocal(w.start), duration: hoursDuration(windowMs), unit: sensor.unit, ...(resolution === 0 ? {} : { resolution: sensor.event_resolution }) },
    });
    const step = body.resolution ? durationMs(body.resolution) : resolution || windowMs / Math.max(1, body.values.length);
    const t0 = new Date(body.start).getTime();
    const rows = body.values.map((v, i) => ({ event_start: t0 + i * step, event_value: v }));
    const known = rows.filter((r) => r.event_value !== null).length;
    status.textContent = known ? `${known} values.` : 'No data in this range.';
    download.disabled = false;
    download.onclick = () => saveCsv(`sensor-${id}.csv`, ['event_start', `event_value (${sensor.unit})`], rows.map((r) => [isoLocal(new Date(r.event_start)), r.event_value === null ? '' : String(r.event_value)]));
    await drawChart(chartEl, {
      width: 'container',
      height: 250,
      data: { values: rows },
      mark: { type: resolution === 0 ? 'line' : 'bar', tooltip: true },
      encoding: {
        x: { field: 'event_start', type: 'temporal', title: null },
        y: { field: 'event_value', type: 'quantitative', title: `${sensor.name} (${sensor.unit})` },
      },
    } as VisualizationSpec);
  } catch (err) {
    status.textContent = '';
    status.append(h('span', { class: 'error' }, errorText(err)));
  }
}

function saveCsv(name: string, header: string[], rows: string[][]): void {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** Rows `datetime,value` (a header line is skipped) → regular series; gaps become null. */
function parseCsv(text: string, resolutionMs: number): { start: string; values: (number | null)[] } {
  const rows: [number, number][] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const [when, value] = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    const t = Date.parse(when ?? '');
    const v = Number(value);
    if (Number.isNaN(t) || value === undefined || value === '' || Number.isNaN(v)) {
      if (i === 0) continue; // header
      throw new Error(`Line ${i + 1}: expected "datetime,value", got "${line}".`);
    }
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(when!)) throw new Error(`Line ${i + 1}: the datetime needs a UTC offset (e.g. +01:00).`);
    rows.push([t, v]);
  }
  if (!rows.length) throw new Error('The file holds no rows.');
  rows.sort((a, b) => a[0] - b[0]);
  const step = resolutionMs || (rows.length > 1 ? rows[1]![0] - rows[0]![0] : 60_000);
  const first = rows[0]![0];
  const values: (number | null)[] = [];
  for (const [t, v] of rows) {
    const idx = Math.round((t - first) / step);
    while (values.length < idx) values.push(null);
    values[idx] = v;
  }
  return { start: isoLocal(new Date(first)), values };
}

function uploadForm(sensor: Sensor): HTMLElement {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const unit = h('input', { type: 'text', name: 'unit', value: sensor.unit, required: true });
  const horizon = h('input', { type: 'text', name: 'horizon', placeholder: 'e.g. PT0H (optional)' });
  const prior = h('input', { type: 'text', name: 'prior', placeholder: 'e.g. 2025-01-06T12:00:00+01:00 (optional)' });
  const progress = h('progress', { max: '1', value: '0', hidden: true });
  const message = h('p', { role: 'status' });
  return h(
    'form',
    {
      class: 'stack card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        message.className = '';
        message.textContent = '';
        const f = file.files?.[0];
        if (!f) return;
        try {
          const resolution = durationMs(sensor.event_resolution);
          const { start, values } = parseCsv(await f.text(), resolution);
          progress.hidden = false;
          progress.removeAttribute('value');
          const step = resolution || 60_000;
          const body: Record<string, unknown> = { sensor: sensor.entity_address, start, duration: hoursDuration(values.length * step), unit: unit.value, values };
          if (horizon.value) body.horizon = horizon.value;
          if (prior.value) body.prior = prior.value;
          const res = await api<{ message: string }>('POST', 'api/v3_0/sensors/data', { body });
          message.className = 'ok';
          message.textContent = `${res.message} (${values.length} values)`;
        } catch (err) {
          message.className = 'error';
          message.textContent = errorText(err);
        } finally {
          progress.value = 1;
        }
      },
    },
    h('label', {}, 'CSV file (datetime with offset, value)', file),
    h('label', {}, 'Unit', unit),
    h('label', {}, 'Horizon', horizon),
    h('label', {}, 'Prior (belief time)', prior),
    progress,
    h('button', { type: 'submit' }, 'Upload'),
    message,
  );
}

// ---------------------------------------------------------------- schedule view

interface ScheduleResult {
  values: number[];
  start: string;
  duration: string;
  unit: string;
  scheduler_info: {
    scheduler: string;
    expected_cost?: number;
    expected_cost_unit?: string | null;
    state_of_charge?: { start: string; resolution: string; unit: string; values: number[] };
    solver?: { name?: string; status?: string };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function scheduleView(id: number): Promise<void> {
  const sensor = await api<Sensor>('GET', `api/v3_0/sensors/${id}`);
  const asset = await api<Asset>('GET', `api/v3_0/assets/${sensor.generic_asset_id}`);
  const attributes = parseAttributes(sensor.attributes);
  const tomorrow = localMidnight(new Date(), 1);
  const field = (name: string, label: string, value = '', placeholder = '') => {
    const input = h('input', { type: 'text', name, value, placeholder });
    return [input, h('label', {}, label, input)] as const;
  };
  const [start, startL] = field('start', 'Start (ISO 8601 with offset)', isoLocal(tomorrow));
  const [duration, durationL] = field('duration', 'Duration', 'PT24H');
  const [socStart, socStartL] = field('soc-at-start', 'soc-at-start (MWh)', '2.5');
  const [socMin, socMinL] = field('soc-min', 'soc-min (MWh)', String(attributes.min_soc_in_mwh ?? ''));
  const [socMax, socMaxL] = field('soc-max', 'soc-max (MWh)', String(attributes.max_soc_in_mwh ?? ''));
  const [targetAt, targetAtL] = field('target-datetime', 'SoC target: at (optional)', '', isoLocal(new Date(tomorrow.getTime() + 20 * 3_600_000)));
  const [targetValue, targetValueL] = field('target-value', 'SoC target: value in MWh (optional)');
  const [procPower, procPowerL] = field('power', 'Process: power (optional)', '', 'e.g. 0.5 MW');
  const [procDuration, procDurationL] = field('process-duration', 'Process: duration (optional)', '', 'e.g. PT4H');
  const procType = h('select', { name: 'process-type' }, h('option', { value: '' }, '—'), ...['INFLEXIBLE', 'BREAKABLE', 'SHIFTABLE'].map((t) => h('option', { value: t }, t)));
  const message = h('p', { role: 'status', id: 'schedule-status' });
  const info = h('div', {});
  const chartEl = h('div', { class: 'chart', id: 'schedule-chart', 'aria-label': 'Schedule chart' });

  const flexModel = (): Record<string, unknown> => {
    const m: Record<string, unknown> = {};
    const num = (input: HTMLInputElement) => (input.value.trim() === '' ? undefined : Number(input.value));
    if (num(socStart) !== undefined) m['soc-at-start'] = num(socStart);
    if (num(socMin) !== undefined) m['soc-min'] = num(socMin);
    if (num(socMax) !== undefined) m['soc-max'] = num(socMax);
    if (Object.keys(m).length) m['soc-unit'] = 'MWh';
    if (targetAt.value && targetValue.value) m['soc-targets'] = [{ datetime: targetAt.value, value: Number(targetValue.value) }];
    if (procPower.value) m.power = procPower.value;
    if (procDuration.value) m.duration = procDuration.value;
    if (procType.value) m['process-type'] = procType.value;
    return m;
  };

  const run = async (e: Event) => {
    e.preventDefault();
    message.className = '';
    info.replaceChildren();
    chartEl.replaceChildren();
    try {
      message.textContent = 'Triggering…';
      const body = { start: start.value, duration: duration.value, 'flex-model': flexModel() };
      const { schedule } = await api<{ schedule: string }>('POST', `api/v3_0/sensors/${id}/schedules/trigger`, { body });
      let result: ScheduleResult | null = null;
      for (let attempt = 0; attempt < 120 && !result; attempt++) {
        message.textContent = `Job ${schedule}: waiting for the solver…`;
        try {
          result = await api<ScheduleResult>('GET', `api/v3_0/sensors/${id}/schedules/${schedule}`, { query: { duration: duration.value } });
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 400 && (err.body as { status?: string })?.status === 'UNKNOWN_SCHEDULE' && /(wait|queued|running|started|progress)/i.test(errorText(err)))) throw err;
          await sleep(1000);
        }
      }
      if (!result) throw new Error('The schedule did not finish in time; try again later.');
      message.className = 'ok';
      message.textContent = `Schedule ${schedule} is ready.`;
      await showSchedule(result, asset);
    } catch (err) {
      message.className = 'error';
      message.textContent = errorText(err);
    }
  };

  const showSchedule = async (result: ScheduleResult, a: Asset) => {
    const si = result.scheduler_info;
    info.replaceChildren(
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          h('tr', {}, h('th', { scope: 'row' }, 'Scheduler'), h('td', {}, si.scheduler)),
          si.expected_cost !== undefined && h('tr', {}, h('th', { scope: 'row' }, 'Expected cost'), h('td', {}, `${si.expected_cost.toFixed(2)} ${si.expected_cost_unit ?? ''}`)),
          si.solver && h('tr', {}, h('th', { scope: 'row' }, 'Solver'), h('td', {}, `${si.solver.name ?? ''} ${si.solver.status ?? ''}`.trim())),
        ),
      ),
    );
    const resolution = durationMs(sensor.event_resolution) || 900_000;
    const t0 = new Date(result.start).getTime();
    const end = t0 + result.values.length * resolution;
    const power = result.values.map((v, i) => ({ t: t0 + i * resolution, value: v, series: `power (${result.unit})` }));
    const soc = si.state_of_charge
      ? si.state_of_charge.values.map((v, i) => ({ t: new Date(si.state_of_charge!.start).getTime() + i * durationMs(si.state_of_charge!.resolution), value: v }))
      : [];
    const limits = [
      socMin.value && { value: Number(socMin.value), limit: 'soc-min' },
      socMax.value && { value: Number(socMax.value), limit: 'soc-max' },
    ].filter(Boolean);
    const targets = targetAt.value && targetValue.value ? [{ t: new Date(targetAt.value).getTime(), value: Number(targetValue.value) }] : [];
    let prices: { t: number; value: number }[] = [];
    let priceUnit = 'EUR/MWh';
    const priceId = a.consumption_price_sensor_id;
    if (typeof priceId === 'number') {
      const ps = await api<Sensor>('GET', `api/v3_0/sensors/${priceId}`);
      priceUnit = ps.unit;
      const pd = await api<{ values: (number | null)[]; start: string; resolution?: string }>('GET', 'api/v3_0/sensors/data', {
        query: { sensor: ps.entity_address, start: result.start, duration: hoursDuration(end - t0), unit: ps.unit, resolution: ps.event_resolution },
      });
      const step = durationMs(pd.resolution ?? ps.event_resolution);
      const p0 = new Date(pd.start).getTime();
      prices = pd.values.flatMap((v, i) => (v === null ? [] : [{ t: p0 + i * step, value: v }]));
    }
    const x = { field: 't', type: 'temporal', title: null, scale: { domain: [t0, end] } };
    const spec = {
      vconcat: [
        { name: 'power', width: 'container', height: 160, data: { values: power }, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: `Power (${result.unit}), charging positive` } } },
        {
          name: 'soc',
          width: 'container',
          height: 160,
          layer: [
            { name: 'soc_line', data: { values: soc }, mark: { type: 'line', point: false }, encoding: { x, y: { field: 'value', type: 'quantitative', title: `State of charge (${si.state_of_charge?.unit ?? 'MWh'})` } } },
            { name: 'soc_limits', data: { values: limits }, mark: { type: 'rule', strokeDash: [4, 4], color: '#b00020' }, encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: { field: 'limit' } } },
            { name: 'soc_targets', data: { values: targets }, mark: { type: 'point', filled: true, size: 80, color: '#f1a122' }, encoding: { x: { ...x, field: 't' }, y: { field: 'value', type: 'quantitative' } } },
          ],
        },
        { name: 'prices', width: 'container', height: 160, data: { values: prices }, mark: { type: 'line', interpolate: 'step-after', color: '#2b6cb0' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: `Price (${priceUnit})` } } },
      ],
      resolve: { scale: { x: 'shared' } },
    };
    await drawChart(chartEl, spec as unknown as VisualizationSpec);
  };

  show(
    `Schedule ${sensor.name}`,
    h('div', { class: 'breadcrumb' }, h('a', { href: `#/assets/${asset.id}` }, asset.name), ' › ', h('a', { href: `#/sensors/${id}` }, sensor.name), ' › schedule'),
    h(
      'form',
      { class: 'card', id: 'schedule-form', onsubmit: run },
      h('div', { class: 'grid' }, startL, durationL),
      h('h2', {}, 'Storage'),
      h('div', { class: 'grid' }, socStartL, socMinL, socMaxL, targetAtL, targetValueL),
      h('h2', {}, 'Process'),
      h('div', { class: 'grid' }, procPowerL, procDurationL, h('label', {}, 'Process: type (optional)', procType)),
      h('p', {}, h('button', { type: 'submit' }, 'Compute schedule')),
      message,
    ),
    h('div', { class: 'card' }, info, chartEl),
  );
}

// ---------------------------------------------------------------- start

window.addEventListener('hashchange', () => void render());
void render();
