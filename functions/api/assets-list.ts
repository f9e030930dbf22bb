/**
 * GET /api/v3_0/assets — the assets of one account (default the caller's), or with
 * `all_accessible` those of every readable account plus the public ones (docs/contract/api.md §7.6).
 * `filter` terms (split shell-style) must each match the asset or account name; `page` switches to
 * the paginated object `{data, num-records, filtered-records}`; results are ordered by id.
 * Order: 401 → 404 (account_id) → 422 (all_accessible, then page/per_page/filter) → read (403).
 */
import { loadAccount } from '../app/accounts.js';
import type { Account } from '../core/ports/accounts.js';
import { SearchTermsError, shellSplit } from '../core/assets/search.js';
import { listAssets, type AssetListQuery } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { formDecoded, normaliseBooleans } from '../http/query.js';
import { contract } from '../../schemas/generated/routes/assets-list.js';

export const handler = routeHandler<typeof contract, object, AssetListQuery & { account_id?: number }, Account>(contract, {
  order: ['query:0', 'load', 'query:1'],
  load: ({ query, caller, deps }) => loadAccount(deps, query.account_id ?? caller.actor.accountId),
  prepareQuery: (query, req) => formDecoded(normaliseBooleans(query, ['all_accessible']), req, ['filter']),
  checkQuery: (query, errors) => {
    if (query.filter === undefined) return;
    try {
      shellSplit(query.filter);
    } catch (err) {
      if (!(err instanceof SearchTermsError)) throw err;
      errors.add(['filter'], err.message);
    }
  },
  handle: async ({ query, loaded: account }, { actor }, deps) => reply(await listAssets(deps, actor, account, query)),
});
