-- complain if this script is sourced in psql rather than through CREATE EXTENSION
\echo Use "CREATE EXTENSION provisio" to load this file. \quit

-- The answer `provisio eval` gives for these facts: {"eligible":…, outputs…,
-- "reasons":[…] when not eligible}. A record it refuses raises SQLSTATE 22023
-- naming the fact.
CREATE FUNCTION eval(provision text, facts jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'provisio_eval' LANGUAGE C STRICT STABLE PARALLEL SAFE;

-- The same, but a refused record yields {"error":…,"fact":…} instead of
-- aborting the statement: a screen of a whole table never stops on one row.
CREATE FUNCTION try_eval(provision text, facts jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'provisio_try_eval' LANGUAGE C STRICT STABLE PARALLEL SAFE;

-- Any role may screen; only a superuser sets provisio.module_path, the folder modules load from.
GRANT USAGE ON SCHEMA provisio TO PUBLIC;
