import { describe, expect, it } from 'vitest'
import { normalisePostgresDefault, normalisePostgresType } from './catalog-normalise'

describe('normalisePostgresType', () => {
  it.each([
    ['smallint', 'smallint'],
    ['integer', 'integer'],
    ['bigint', 'bigint'],
    ['real', 'real'],
    ['double precision', 'double precision'],
    ['boolean', 'boolean'],
    ['numeric(6,2)', 'decimal(6,2)'],
    ['numeric(6,0)', 'decimal(6)'],
    ['numeric', 'decimal'],
    ['character varying(32)', 'varchar(32)'],
    ['character varying', 'varchar'],
    ['character(4)', 'char(4)'],
    ['text', 'text'],
    ['date', 'date'],
    ['timestamp without time zone', 'timestamp'],
    ['timestamp(3) without time zone', 'timestamp(3)'],
    ['timestamp with time zone', 'timestamptz'],
    ['time without time zone', 'time'],
    ['time(0) with time zone', 'timetz(0)'],
    ['uuid', 'uuid'],
    ['json', 'json'],
    ['jsonb', 'jsonb'],
    ['bytea', 'bytea'],
    ['character varying(10)[]', 'varchar(10)[]'],
    ['integer[]', 'integer[]'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePostgresType(input, null)).toBe(expected)
  })

  it('enum columns report the enum type name', () => {
    expect(normalisePostgresType('oracle_types.enum_e54fc739', 'enum_e54fc739')).toBe('enum_e54fc739')
  })
})

describe('normalisePostgresDefault', () => {
  it.each([
    [null, 'none', null, false],
    ["'MIT'::character varying", 'literal', 'MIT', false],
    ["''::character varying", 'literal', '', false],
    ["'it''s'::text", 'literal', "it's", false],
    ["'NULL'::text", 'literal', 'NULL', false],
    ['NULL::timestamp without time zone', 'null', null, false],
    ['NULL', 'null', null, false],
    ['true', 'literal', 'true', false],
    ['false', 'literal', 'false', false],
    ["'0'::bigint", 'literal', '0', false],
    ['0', 'literal', '0', false],
    ['(-1)', 'literal', '-1', false],
    ['1.5', 'literal', '1.5', false],
    ["'{}'::jsonb", 'literal', '{}', false],
    ["'U'::oracle_types.enum_e54fc739", 'literal', 'U', false],
    ['CURRENT_TIMESTAMP', 'expression', 'CURRENT_TIMESTAMP', false],
    ['CURRENT_TIMESTAMP(3)', 'expression', 'CURRENT_TIMESTAMP(3)', false],
    ['now()', 'expression', 'CURRENT_TIMESTAMP', false],
    ['gen_random_uuid()', 'expression', 'gen_random_uuid()', false],
    ["nextval('s.t_id_seq'::regclass)", 'expression', "nextval('s.t_id_seq'::regclass)", true],
  ] as const)('%s', (input, kind, value, autoIncrement) => {
    expect(normalisePostgresDefault(input)).toEqual({ kind, value, autoIncrement })
  })
})
