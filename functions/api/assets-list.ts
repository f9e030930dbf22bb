/**
 * GET /api/v3_0/assets — the assets of one account (default the caller's), or with
 * `all_accessible` those of every readable account plus the public ones (docs/contract/api.md §7.6).
 * `filter` terms (split shell-style) must each match the asset or account name; `page` switches to
 * the paginated object `{data, num-records, filtered-records}`; results are ordered by id.
 * Order: 401 → 404 (account_id) → 422 (all_accessible, then page/per_page/filter) → read (403).
 */
import type { Asset } from '../core/assets/model.js';
import { matchesSearchTerms, pageOf, SearchTermsError, shellSplit } from '../core/assets/search.js';
import { canAccount } from '../core/permissions.js';
import { assetsJson, formDecodeQuery, normaliseBooleanQuery, readableAccounts } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, HttpError, NOT_FOUND_MESSAGE, NotFoundError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { accountStore, assetStore } from '../stores/index.js';
import { listAssetsAccountQuery, listAssetsQuery } from '../../schemas/generated/validators.js';

interface ListQuery {
  all_accessible?: boolean;
  page?: number;
  per_page?: number;
  filter?: string;
}

export const DEFAULT_PER_PAGE = 10;

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const { account_id } = req.args<{ account_id?: number }>(listAssetsAccountQuery);
  const accountId = account_id ?? actor.accountId;
  const account = await accountStore().get(accountId);
  if (!account) throw new NotFoundError('Account', accountId);
  normaliseBooleanQuery(req, 'all_accessible');
  formDecodeQuery(req, 'filter');
  let terms: string[] = [];
  const query = req.args<ListQuery>(listAssetsQuery, (q, errors) => {
    if (q.filter === undefined) return;
    try {
      terms = shellSplit(q.filter);
    } catch (err) {
      if (!(err instanceof SearchTermsError)) throw err;
      errors.add(['filter'], err.message);
    }
  });

  let assets: Asset[];
  const accountNames = new Map<number, string>([[account.id, account.name]]);
  if (query.all_accessible) {
    const accounts = await readableAccounts(actor);
    for (const a of accounts) accountNames.set(a.id, a.name);
    const lists = await Promise.all([...accounts.map((a) => assetStore().listAssetsByAccount(a.id)), assetStore().listAssetsByAccount(null)]);
    assets = lists.flat();
  } else {
    if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${account.id}`);
    assets = await assetStore().listAssetsByAccount(account.id);
  }
  assets.sort((a, b) => a.id - b.id);
  const filtered = terms.length
    ? assets.filter((a) => matchesSearchTerms(terms, a.name, a.account_id === null ? null : (accountNames.get(a.account_id) ?? null)))
    : assets;

  if (query.page === undefined) return reply(await assetsJson(filtered));
  const page = pageOf(filtered, query.page, query.per_page ?? DEFAULT_PER_PAGE);
  if (!page) throw new HttpError(404, NOT_FOUND_MESSAGE);
  return reply({ data: await assetsJson(page.items), 'filtered-records': filtered.length, 'num-records': assets.length });
});
