-- The migration this database has reached, for the CLI's one cheap check per process: a
-- client that needs a later schema names the migration it lacks and the command that applies
-- it, instead of failing on the first function it cannot find. Every later migration replaces
-- this function with its own version (test/store/migrate.test.ts holds each one to it).

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000006' $$;

-- Readable without signing in: `amplify db status` reports it before anyone logs in.
grant execute on function public.amplify_schema_version() to anon, authenticated;
