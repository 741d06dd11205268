/**
 * A store that added `ActionAgent` with its first expression (customers' actions only) counts the actions of agents
 * without a customer in the weekly activity once it is upgraded, for the spans it stores from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_BUCKETS } from '../../collector/analysis/customerBucket.js';
import { loopCandidateOptions } from '../../collector/analysis/findFeedbackLoops.js';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { runMigrations } from '../../collector/store/migrations.js';
import { span, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { withSecondDatabase } from '../support/secondDatabase.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => stopTestServer(server));

describe('ActionAgent on an upgraded store', () => {
  it('marks actions without a customer stored after the upgrade', async () => {
    const main = server.store as ClickHouseSpanStore;
    await withSecondDatabase(main, 'action_agent', async (store) => {
      // The first expression: the current one, for spans with a customer only.
      const rs = await main.client.query({
        query: `SELECT default_expression FROM system.columns WHERE database = {db:String} AND table = 'flexix_business_spans' AND name = 'ActionAgent'`,
        query_params: { db: store.database },
        format: 'JSONEachRow',
      });
      const current = (await rs.json<{ default_expression: string }>())[0]!.default_expression;
      await main.client.command({
        query: `ALTER TABLE ${store.database}.flexix_business_spans MODIFY COLUMN ActionAgent LowCardinality(String) MATERIALIZED if(CustomerId != '', ${current}, '')`,
      });
      await runMigrations(main.client, { database: store.database });
      const sync = span({ agent: 'inventory-sync', model: 'command', phase: 'step', event: 'hub.synced', startMs: W48 + 1000 });
      await store.insertEncoded([store.encodeSpans([toSpanRow(sync)])]);
      const { activity } = await store.getWeekActivity(W48, W48 + 7 * 86_400_000, loopCandidateOptions(), { buckets: CUSTOMER_BUCKETS });
      expect(activity.actions.get('inventory-sync')).toBe(1);
    });
  });
});
