-- The word count kept with each answer, counted in one pass: the same words as before (a run
-- of characters between whitespace that holds something other than punctuation), without a
-- row per token, and in the trigger itself rather than through a second function call per
-- row (a call per row would cost as much as the count). Splitting every answer into a table
-- of tokens cost about 75 µs an answer, most of the time a sync of ten thousand answers spent
-- in the database.

create or replace function public.set_answer_word_count()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.word_count := regexp_count(coalesce(new.response_text, ''), '[^[:punct:][:space:][:cntrl:]][^[:space:]]*');
  return new;
end
$$;

-- The trigger is now the one definition of a word (the back-fill of migration 0008 was its
-- only other use).
drop function public.answer_word_count(text);

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000012' $$;
