-- Questions a user brings along (with `amplify import`, from another database's bank): they
-- belong to that user. Row-level security shows a user the shared bank and their own
-- questions; others never see them. They arrive inactive, so they are never picked for a new
-- interview: they exist for the sessions that asked them. The seed takes back any id of the
-- shared bank (seed.sql sets owner_id to null on conflict).

alter table public.interview_questions add column owner_id uuid references auth.users (id) on delete cascade;
create index idx_interview_questions_owner on public.interview_questions (owner_id) where owner_id is not null;

drop policy "questions are readable by everyone" on public.interview_questions;
create policy "the shared bank and one's own questions are readable"
  on public.interview_questions for select
  to anon, authenticated
  using (owner_id is null or owner_id = (select auth.uid()));
create policy "users add questions of their own"
  on public.interview_questions for insert
  to authenticated
  with check (owner_id = (select auth.uid()));
grant insert on public.interview_questions to authenticated;

-- Adds the questions of p_questions this database lacks, as the caller's, inactive; an id that
-- exists (shared, or anyone's) is left as it is. Returns how many were added.
create function public.import_questions(p_questions jsonb)
returns integer
language sql
set search_path = ''
as $$
  with added as (
    insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags, is_active, owner_id)
    select q.question_id, q.interview_type, q.custom_domain,
           coalesce(nullif(q.question_text, ''), q.question_id),
           case when q.difficulty in ('easy', 'medium', 'hard') then q.difficulty else 'medium' end,
           '{}', false, (select auth.uid())
    from jsonb_to_recordset(p_questions) as q(question_id text, interview_type text, custom_domain text, question_text text, difficulty text)
    on conflict (question_id) do nothing
    returning 1
  )
  select count(*)::integer from added
$$;

revoke execute on function public.import_questions(jsonb) from public, anon;
grant execute on function public.import_questions(jsonb) to authenticated;

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000009' $$;
