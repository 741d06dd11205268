/**
 * The literals the quick lookups write into SQL text hold exactly the value given, whatever it is: checked by
 * ClickHouse itself (embedded chDB), for hostile and arbitrary strings.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClickHouse, type ClickHouseConnection } from '../../collector/store/clickhouseClient.js';
import { inlineParams, integerLiteral, stringArrayLiteral, stringLiteral } from '../../collector/store/sqlLiterals.js';
import { makeTempDir } from '../support/testServer.js';

let connection: ClickHouseConnection;
beforeAll(() => {
  connection = connectClickHouse({ kind: 'embedded', dataDir: makeTempDir('flexix-literals-') });
});
afterAll(() => connection.client.close());

/** What ClickHouse reads from `literal`, and whether it equals the array `expected` (compared inside ClickHouse). */
async function readBack(literal: string): Promise<string[]> {
  const rs = await connection.client.query({ query: `SELECT ${literal} AS v`, format: 'JSONEachRow' });
  const [row] = await rs.json<{ v: string[] }>();
  return row!.v;
}

const HOSTILE = ["'", "\\'", '\\', "\\\\'", "' OR 1=1 --", "'); DROP TABLE x; --", '\u0000', 'a\u0000b', '\\0', '\n\r\t', '\\n', '"', '`', '{x:String}', '$1', '😀', '\u2028'];

describe('SQL literals', () => {
  it('keep hostile strings as data', async () => {
    expect(await readBack(stringArrayLiteral(HOSTILE))).toEqual(HOSTILE);
    for (const s of HOSTILE) expect(await readBack(`[${stringLiteral(s)}]`)).toEqual([s]);
  });

  it('keep arbitrary strings as data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme-ascii' }), { maxLength: 5 }), fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 5 }), async (ascii, unicode) => {
        const values = [...ascii, ...unicode];
        expect(await readBack(stringArrayLiteral(values))).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('inline bound parameters as ClickHouse binds them', async () => {
    const sql = `SELECT {s:String} AS s, {i:Int64} AS i, {u:UInt32} AS u, {f:Float64} AS f, {list:Array(String)} AS list,
      {none:Array(String)} AS none, {nested:Array(Array(Int64))} AS nested, {s:String} = 'x{y:String}' AS same`;
    const params = { s: "x{y:String}'\\", i: -1_795_000_000_000, u: 7, f: 0.25, list: ['', "o'b", '{i:Int64}'], none: [], nested: [[1, -2], []] };
    const read = async (query: string, queryParams?: Record<string, unknown>) =>
      (await connection.client.query({ query, query_params: queryParams, format: 'JSONEachRow' })).json();
    expect(await read(inlineParams(sql, params))).toEqual(await read(sql, params));
    expect(() => inlineParams('SELECT {missing:String}', {})).toThrow(/missing/);
  });

  it('write integers only', () => {
    expect(integerLiteral(-42)).toBe('-42');
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => integerLiteral(bad)).toThrow(RangeError);
  });
});
