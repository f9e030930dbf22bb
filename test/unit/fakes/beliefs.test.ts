/**
 * The in-memory belief store of the use-case tests passes the contract suite every belief store
 * adapter passes, so what the use cases are tested against behaves like the real stores.
 */
import { InMemoryBeliefStore } from '../../fakes/beliefs.js';
import { beliefStoreContract } from '../../helpers/belief-store-contract.js';

beliefStoreContract('in memory (test/fakes/beliefs.ts)', async () => ({
  store: new InMemoryBeliefStore(),
  capabilities: { deletes: true, tellsUnchanged: true, reportsStoredValue: true },
}));
