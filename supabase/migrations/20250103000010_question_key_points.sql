-- The points a good answer to a question touches, for the feedback on each answer: the seed
-- writes at least three for every question of the shared bank.

alter table public.interview_questions
  add column key_points text[] not null default '{}';

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000010' $$;
