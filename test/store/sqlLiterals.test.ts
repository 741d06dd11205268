/**
 * The quick lookups write their parameters into the SQL text (`inlineParams`): ClickHouse (embedded chDB) must read
 * each value exactly as it binds it, for hostile and arbitrary strings too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClickHouse, type ClickHouseConnection } from '../../collector/store/clickhouseClient.js';
import { inlineParams } from '../../collector/store/sqlLiterals.js';
import { makeTempDir } from '../support/testServer.js';

let connection: ClickHouseConnection;
beforeAll(() => {
  connection = connectClickHouse({ kind: 'embedded', dataDir: makeTempDir('flexix-literals-') });
});
afterAll(() => connection.client.close());

async function read(query: string, params?: Record<string, unknown>): Promise<unknown> {
  return (await connection.client.query({ query, query_params: params, format: 'JSONEachRow' })).json();
}

/** The strings ClickHouse reads from `values` written into the query. */
async function readBack(values: string[]): Promise<string[]> {
  const [row] = (await read(inlineParams('SELECT {v:Array(String)} AS v', { v: values }))) as Array<{ v: string[] }>;
  return row!.v;
}

const HOSTILE = ["'", "\\'", '\\', "\\\\'", "' OR 1=1 --", "'); DROP TABLE x; --", '\u0000', 'a\u0000b', '\\0', '\n\r\t', '\\n', '"', '`', '{x:String}', '$1', '😀', '\u2028', "''"];

describe('inlineParams', () => {
  it('keeps hostile strings as data', async () => {
    expect(await readBack(HOSTILE)).toEqual(HOSTILE);
    for (const s of HOSTILE) {
      const [row] = (await read(inlineParams('SELECT {s:String} AS s', { s }))) as Array<{ s: string }>;
      expect(row!.s).toBe(s);
    }
  });

  it('keeps arbitrary strings as data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme-ascii' }), { maxLength: 5 }), fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 5 }), async (ascii, unicode) => {
        const values = [...ascii, ...unicode];
        expect(await readBack(values)).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('reads every parameter as ClickHouse binds it, and only outside literals, quoted names and comments', async () => {
    const sql = `SELECT {s:String} AS s, {i:Int64} AS i, {u:UInt32} AS u, {f:Float64} AS f, {list:Array(String)} AS list,
      {none:Array(String)} AS none, {nested:Array(Array(Int64))} AS nested, 'a{y:String}''b' AS "q{y:String}", 1 AS x -- {y:String}
      /* {y:String} */`;
    const params = { s: "x{y:String}'\\\\", i: -1_795_000_000_000, u: 7, f: 0.25, list: ['', "o'b", '{i:Int64}'], none: [], nested: [[1, -2], []] };
    expect(await read(inlineParams(sql, params))).toEqual(await read(sql, params));
  });

  it('refuses what it cannot write exactly', () => {
    expect(() => inlineParams('SELECT {missing:String}', {})).toThrow(/missing/);
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => inlineParams('SELECT {n:Int64}', { n })).toThrow(RangeError);
    expect(() => inlineParams('SELECT {o:String}', { o: { a: 1 } })).toThrow(TypeError);
  });
});
