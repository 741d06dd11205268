/** A second database on a test server's engine, for tests that set a store up as an older version left it. */
import { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { runMigrations } from '../../collector/store/migrations.js';

/**
 * Runs `use` with a store on the database `<main's>_<suffix>`, migrated, on the same client; drops the database
 * afterwards, whatever `use` did.
 */
export async function withSecondDatabase<T>(main: ClickHouseSpanStore, suffix: string, use: (store: ClickHouseSpanStore) => Promise<T>): Promise<T> {
  const database = `${main.database}_${suffix}`;
  try {
    await runMigrations(main.client, { database });
    return await use(new ClickHouseSpanStore({ client: main.client }, main.kind, { database }));
  } finally {
    await main.client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  }
}
