-- complain if this script is sourced in psql rather than through CREATE EXTENSION
\echo Use "CREATE EXTENSION provisio" to load this file. \quit

-- A provision's id, "policy.provision", checked when it is written. Its own
-- type rather than text: text is collatable, and postgres_fdw ships no call
-- whose text argument is a constant; a provision id has no collation.
CREATE TYPE provision;
CREATE FUNCTION provision_in(cstring) RETURNS provision
  AS 'MODULE_PATHNAME', 'provisio_provision_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION provision_out(provision) RETURNS cstring
  AS 'MODULE_PATHNAME', 'provisio_provision_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE provision (INPUT = provision_in, OUTPUT = provision_out, INTERNALLENGTH = VARIABLE, STORAGE = plain);
CREATE CAST (text AS provision) WITH INOUT AS IMPLICIT;

-- The answer `provisio eval` gives for these facts: {"eligible":…, outputs…,
-- "reasons":[…] when not eligible}. A record it refuses raises SQLSTATE 22023
-- naming the fact.
--
-- IMMUTABLE: a module is the law it encodes, the same provision and facts
-- always give the same answer; postgres_fdw ships only immutable calls to a
-- shard. Keep provisio.module_path fixed per database (ALTER DATABASE … SET)
-- and a new version of a policy in a folder of its own; an index over
-- these calls must be rebuilt when a module is replaced.
CREATE FUNCTION eval(provision provision, facts jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'provisio_eval' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

-- The same, but a refused record yields {"error":…,"fact":…} instead of
-- aborting the statement: a screen of a whole table never stops on one row.
CREATE FUNCTION try_eval(provision provision, facts jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'provisio_try_eval' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

-- Any role may screen; only a superuser sets provisio.module_path, the folder modules load from.
GRANT USAGE ON SCHEMA provisio TO PUBLIC;
