-- The person's own question bank, templates, and weak questions brought back on a schedule.
--
-- Questions: a user's own questions (owner_id, from migration 0009) are active when added with
-- `amplify questions add` or `questions import`; row-level security lets a user read the
-- shared bank and their own, and change only their own. Any question, shared or one's own,
-- can be disabled for oneself (disabled_questions): it is then never picked again.
-- A question may carry its own time limit.
--
-- Sessions keep the text of each question as it was when the session was created
-- (question_texts, filled by a trigger), so editing a question never rewrites history. A
-- session drawn from several types (a template, or `start --focus weak`) is of type 'mixed'.
--
-- Review: each answer may carry the person's rating (again, hard, good, easy). The review state
-- of a question (its Leitner box and when it is due) is computed from the person's sessions by
-- review_states(): skipped, rated, over its time limit, or a low feedback score.
--
-- Templates: named lists of questions, per user.

alter table public.interview_questions
  add column time_limit_seconds integer check (time_limit_seconds between 1 and 86400),
  add column updated_at timestamptz;

alter table public.interview_sessions
  add column question_texts text[],
  drop constraint interview_sessions_interview_type_check,
  add constraint interview_sessions_interview_type_check
    check (interview_type in ('behavioral', 'technical', 'system_design', 'custom', 'mixed'));

alter table public.interview_responses
  add column rating text check (rating in ('again', 'hard', 'good', 'easy'));

create policy "users change their own questions"
  on public.interview_questions for update
  to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));
grant update on public.interview_questions to authenticated;

create table public.disabled_questions (
  user_id uuid not null references auth.users (id) on delete cascade,
  question_id text not null references public.interview_questions (question_id) on delete cascade,
  disabled_at timestamptz not null default now(),
  primary key (user_id, question_id)
);
alter table public.disabled_questions enable row level security;
create policy "users keep their own disabled questions"
  on public.disabled_questions for all
  to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
grant select, insert, delete on public.disabled_questions to authenticated;

create table public.interview_templates (
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (name ~ '^[A-Za-z0-9._-]{1,64}$'),
  description text check (length(description) <= 2000),
  question_ids text[] not null check (cardinality(question_ids) between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, name)
);
alter table public.interview_templates enable row level security;
create policy "users keep their own templates"
  on public.interview_templates for all
  to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
grant select, insert, update, delete on public.interview_templates to authenticated;

-- The texts as asked. Filled only when absent, so a copy can bring the texts it had.
create function public.snapshot_session_question_texts()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.question_texts is null then
    new.question_texts := array(
      select iq.question_text
      from unnest(new.question_ids) with ordinality as u(question_id, position)
      left join public.interview_questions iq on iq.question_id = u.question_id
      order by u.position
    );
  end if;
  return new;
end
$$;
create trigger interview_sessions_question_texts
  before insert on public.interview_sessions
  for each row execute function public.snapshot_session_question_texts();

-- Sessions created before texts were kept: the texts as they are now, the best there is.
update public.interview_sessions s
set question_texts = array(
  select iq.question_text
  from unnest(s.question_ids) with ordinality as u(question_id, position)
  left join public.interview_questions iq on iq.question_id = u.question_id
  order by u.position
);

-- What `start` picks from: active questions the caller may see and has not disabled.
drop function public.list_interview_questions(text, text);
create function public.list_interview_questions(p_interview_type text, p_custom_domain text default null)
returns table (question_id text, question_text text, difficulty text, tags text[], key_points text[], time_limit_seconds integer)
language sql stable
set search_path = ''
as $$
  select q.question_id, q.question_text, q.difficulty, q.tags, q.key_points, q.time_limit_seconds
  from public.interview_questions q
  where q.is_active
    and q.interview_type = p_interview_type
    and q.custom_domain is not distinct from p_custom_domain
    and not exists (select 1 from public.disabled_questions d where d.user_id = (select auth.uid()) and d.question_id = q.question_id)
  order by q.question_id
$$;

create or replace function public.question_bank_summary()
returns table (interview_type text, custom_domain text, question_count bigint)
language sql stable
set search_path = ''
as $$
  select q.interview_type, q.custom_domain, count(*)
  from public.interview_questions q
  where q.is_active
    and not exists (select 1 from public.disabled_questions d where d.user_id = (select auth.uid()) and d.question_id = q.question_id)
  group by q.interview_type, q.custom_domain
  order by q.interview_type, q.custom_domain
$$;

create or replace function public.question_bank_fingerprint()
returns text
language sql stable
set search_path = ''
as $$
  select md5(coalesce(
    jsonb_agg(
      jsonb_build_array(q.question_id, q.interview_type, q.custom_domain, q.question_text, q.difficulty, q.tags, q.key_points, q.time_limit_seconds)
      order by q.question_id collate "C"
    )::text,
    '[]'))
  from public.interview_questions q
  where q.is_active
    and not exists (select 1 from public.disabled_questions d where d.user_id = (select auth.uid()) and d.question_id = q.question_id)
$$;

create or replace function public.save_interview_responses(p_responses jsonb)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_saved integer;
begin
  if exists (
    select 1
    from jsonb_to_recordset(p_responses) as r(session_id uuid, question_id text)
    join public.interview_sessions s on s.id = r.session_id
    where not (r.question_id = any (s.question_ids))
  ) then
    raise exception 'a response must answer a question of its session' using errcode = '22023';
  end if;

  with input as (
    select distinct on (r.session_id, r.question_id) r.*
    from jsonb_to_recordset(p_responses) as r(
      id uuid, session_id uuid, question_id text, response_text text,
      duration integer, answered_at timestamptz,
      thinking_ms integer, writing_ms integer, paused_ms integer, time_limit_seconds integer, feedback jsonb,
      rating text
    )
    order by r.session_id, r.question_id, r.answered_at desc
  ),
  saved as (
    insert into public.interview_responses
      (id, session_id, question_id, response_text, duration, answered_at,
       thinking_ms, writing_ms, paused_ms, time_limit_seconds, feedback, rating)
    select i.id, i.session_id, i.question_id, coalesce(i.response_text, ''),
           i.duration, coalesce(i.answered_at, now()),
           i.thinking_ms, i.writing_ms, i.paused_ms, i.time_limit_seconds, i.feedback, i.rating
    from input i
    on conflict (session_id, question_id) do update set
      response_text = excluded.response_text,
      duration = excluded.duration,
      answered_at = excluded.answered_at,
      thinking_ms = excluded.thinking_ms,
      writing_ms = excluded.writing_ms,
      paused_ms = excluded.paused_ms,
      time_limit_seconds = excluded.time_limit_seconds,
      -- The rating comes after the answer is saved: a replay without it keeps it.
      rating = case when public.interview_responses.id = excluded.id
                    then coalesce(excluded.rating, public.interview_responses.rating)
                    else excluded.rating end,
      -- A replay without feedback keeps what a re-score wrote.
      feedback = coalesce(excluded.feedback, public.interview_responses.feedback),
      -- A new answer's model feedback is for the old text: it goes with it.
      ai_feedback = case when public.interview_responses.id = excluded.id
                         then public.interview_responses.ai_feedback end
    -- A late replay of an earlier answer never overwrites a later one.
    where public.interview_responses.answered_at <= excluded.answered_at
    returning session_id, question_id
  ),
  advanced as (
    update public.interview_sessions s
    set current_index = greatest(s.current_index, p.position)
    from (
      select sv.session_id, max(array_position(ss.question_ids, sv.question_id)) as position
      from saved sv
      join public.interview_sessions ss on ss.id = sv.session_id
      group by sv.session_id
    ) p
    where s.id = p.session_id
    returning 1
  )
  select count(*)::integer into v_saved from saved;
  return v_saved;
end
$$;

create or replace function public.sync_interview_sessions(p_sessions jsonb)
returns table (session_id uuid, outcome text)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
begin
  if (select auth.uid()) is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if exists (
    select 1
    from jsonb_to_recordset(p_sessions) as s(id uuid, "create" boolean, question_ids text[]), unnest(s.question_ids) as q(id)
    where s."create" and not exists (select 1 from public.interview_questions iq where iq.question_id = q.id)
  ) then
    raise exception 'unknown question id in session' using errcode = '22023';
  end if;
  if exists (
    select 1
    from jsonb_to_recordset(p_sessions) as s(question_ids text[], responses jsonb),
         jsonb_to_recordset(coalesce(s.responses, '[]')) as r(question_id text)
    where not (r.question_id = any (s.question_ids))
  ) then
    raise exception 'a response must answer a question of its session' using errcode = '22023';
  end if;

  insert into public.interview_sessions
    (id, user_id, interview_type, custom_domain, config, question_ids, started_at)
  select s.id, (select auth.uid()), s.interview_type, s.custom_domain,
         coalesce(s.config, '{}'), s.question_ids, coalesce(s.started_at, now())
  from jsonb_to_recordset(p_sessions) as s(
    id uuid, "create" boolean, interview_type text, custom_domain text, config jsonb,
    question_ids text[], started_at timestamptz
  )
  where s."create"
  on conflict (id) do nothing;

  insert into public.interview_responses
    (id, session_id, question_id, response_text, duration, answered_at,
     thinking_ms, writing_ms, paused_ms, time_limit_seconds, feedback, ai_feedback, rating)
  select distinct on (x.id, r.question_id)
         r.id, x.id, r.question_id, coalesce(r.response_text, ''), r.duration, coalesce(r.answered_at, now()),
         r.thinking_ms, r.writing_ms, r.paused_ms, r.time_limit_seconds, r.feedback, r.ai_feedback, r.rating
  from jsonb_array_elements(p_sessions) as e
  join public.interview_sessions x on x.id = (e ->> 'id')::uuid
  cross join jsonb_to_recordset(coalesce(e -> 'responses', '[]')) as r(
    id uuid, question_id text, response_text text, duration integer, answered_at timestamptz,
    thinking_ms integer, writing_ms integer, paused_ms integer, time_limit_seconds integer,
    feedback jsonb, ai_feedback jsonb, rating text
  )
  order by x.id, r.question_id, r.answered_at desc
  on conflict (session_id, question_id) do update set
    response_text = excluded.response_text,
    duration = excluded.duration,
    answered_at = excluded.answered_at,
    thinking_ms = excluded.thinking_ms,
    writing_ms = excluded.writing_ms,
    paused_ms = excluded.paused_ms,
    time_limit_seconds = excluded.time_limit_seconds,
    rating = case when public.interview_responses.id = excluded.id
                  then coalesce(excluded.rating, public.interview_responses.rating)
                  else excluded.rating end,
    feedback = coalesce(excluded.feedback, public.interview_responses.feedback),
    ai_feedback = case when public.interview_responses.id = excluded.id
                       then coalesce(excluded.ai_feedback, public.interview_responses.ai_feedback)
                       else excluded.ai_feedback end
  where public.interview_responses.answered_at <= excluded.answered_at;

  update public.interview_sessions x
  set current_index = case
        when x.completed_at is not null or s.completed_at is not null then cardinality(x.question_ids)
        else least(greatest(x.current_index, coalesce(s.position, 0)), cardinality(x.question_ids))
      end,
      completed_at = coalesce(x.completed_at, s.completed_at),
      duration = case when x.completed_at is null and s.completed_at is not null then s.duration else x.duration end
  from jsonb_to_recordset(p_sessions) as s(id uuid, position integer, completed_at timestamptz, duration integer)
  where x.id = s.id;

  return query
    select s.id,
           case when exists (select 1 from public.interview_sessions x where x.id = s.id) then 'synced' else 'missing' end
    from jsonb_to_recordset(p_sessions) as s(id uuid);
end
$$;

create or replace function public.interview_session_detail(p_session_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', s.id,
    'interview_type', s.interview_type,
    'custom_domain', s.custom_domain,
    'config', s.config,
    'current_index', s.current_index,
    'started_at', s.started_at,
    'completed_at', s.completed_at,
    'duration', s.duration,
    'questions', coalesce((
      select jsonb_agg(jsonb_build_object(
        'position', q.position,
        'question_id', q.question_id,
        'question_text', coalesce(s.question_texts[q.position], iq.question_text),
        'difficulty', iq.difficulty,
        'key_points', coalesce(to_jsonb(iq.key_points), '[]'::jsonb),
        'question_type', iq.interview_type,
        'question_domain', iq.custom_domain,
        'question_time_limit_seconds', iq.time_limit_seconds,
        'response_id', r.id,
        'response_text', r.response_text,
        'duration', r.duration,
        'answered_at', r.answered_at,
        'thinking_ms', r.thinking_ms,
        'writing_ms', r.writing_ms,
        'paused_ms', r.paused_ms,
        'time_limit_seconds', r.time_limit_seconds,
        'feedback', r.feedback,
        'ai_feedback', r.ai_feedback,
        'rating', r.rating
      ) order by q.position)
      from unnest(s.question_ids) with ordinality as q(question_id, position)
      left join public.interview_questions iq on iq.question_id = q.question_id
      left join public.interview_responses r
        on r.session_id = s.id and r.question_id = q.question_id
    ), '[]'::jsonb)
  )
  from public.interview_sessions s
  where s.id = p_session_id
$$;

create or replace function public.export_interview_sessions(
  p_after_started_at timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 100,
  p_ids uuid[] default null
)
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', s.id,
    'interview_type', s.interview_type,
    'custom_domain', s.custom_domain,
    'config', s.config,
    'question_ids', to_jsonb(s.question_ids),
    'started_at', s.started_at,
    'position', s.current_index,
    'completed_at', s.completed_at,
    'duration', s.duration,
    'questions', coalesce((
      select jsonb_agg(jsonb_build_object(
        'question_id', q.question_id,
        'question_text', coalesce(s.question_texts[q.position], iq.question_text),
        'difficulty', iq.difficulty,
        'interview_type', iq.interview_type,
        'custom_domain', iq.custom_domain
      ) order by q.position)
      from unnest(s.question_ids) with ordinality as q(question_id, position)
      left join public.interview_questions iq on iq.question_id = q.question_id
    ), '[]'::jsonb),
    'responses', coalesce((
      select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'id', r.id,
        'question_id', r.question_id,
        'response_text', r.response_text,
        'duration', r.duration,
        'answered_at', r.answered_at,
        'thinking_ms', r.thinking_ms,
        'writing_ms', r.writing_ms,
        'paused_ms', r.paused_ms,
        'time_limit_seconds', r.time_limit_seconds,
        'feedback', r.feedback,
        'ai_feedback', r.ai_feedback,
        'rating', r.rating
      )) order by r.answered_at, r.id)
      from public.interview_responses r
      where r.session_id = s.id
    ), '[]'::jsonb)
  )
  from public.interview_sessions s
  where s.user_id = (select auth.uid())
    and (p_after_started_at is null or (s.started_at, s.id) > (p_after_started_at, p_after_id))
    and (p_ids is null or s.id = any (p_ids))
  order by s.started_at, s.id
  limit least(greatest(coalesce(p_limit, 100), 1), 1000)
$$;

create or replace function public.answers_to_rescore(p_version integer, p_after uuid default null, p_limit integer default 500)
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'response_id', r.id,
    'interview_type', coalesce(q.interview_type, s.interview_type),
    'custom_domain', case when q.question_id is null then s.custom_domain else q.custom_domain end,
    'question_text', coalesce(s.question_texts[array_position(s.question_ids, r.question_id)], q.question_text, r.question_id),
    'difficulty', coalesce(q.difficulty, 'medium'),
    'key_points', coalesce(to_jsonb(q.key_points), '[]'::jsonb),
    'response_text', r.response_text,
    'duration', r.duration,
    'writing_ms', r.writing_ms
  )
  from public.interview_sessions s
  join public.interview_responses r on r.session_id = s.id
  left join public.interview_questions q on q.question_id = r.question_id
  where s.user_id = (select auth.uid())
    and (r.feedback_version is null or r.feedback_version < p_version)
    and (p_after is null or r.id > p_after)
  order by r.id
  limit least(greatest(coalesce(p_limit, 500), 1), 1000)
$$;

-- The caller's view of the bank: the shared questions and their own, disabled ones included
-- (flagged), filtered by type, domain, tag, a text to find, or ids. Ordered by id.
create function public.bank_questions(
  p_interview_type text default null,
  p_custom_domain text default null,
  p_tag text default null,
  p_search text default null,
  p_ids text[] default null
)
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'question_id', q.question_id,
    'interview_type', q.interview_type,
    'custom_domain', q.custom_domain,
    'question_text', q.question_text,
    'difficulty', q.difficulty,
    'tags', to_jsonb(q.tags),
    'key_points', coalesce(to_jsonb(q.key_points), '[]'::jsonb),
    'time_limit_seconds', q.time_limit_seconds,
    'own', q.owner_id is not null,
    'active', q.is_active,
    'disabled', d.question_id is not null
  )
  from public.interview_questions q
  left join public.disabled_questions d on d.user_id = (select auth.uid()) and d.question_id = q.question_id
  where (p_interview_type is null or q.interview_type = p_interview_type)
    and (p_custom_domain is null or q.custom_domain = p_custom_domain)
    and (p_tag is null or p_tag = any (q.tags))
    -- A plain substring, case-insensitive: nothing in p_search is a pattern.
    and (p_search is null or strpos(lower(q.question_text), lower(p_search)) > 0)
    and (p_ids is null or q.question_id = any (p_ids))
    -- Inactive ones (retired from the shared bank, or brought by an imported session and never
    -- added) only by id.
    and (q.is_active or p_ids is not null)
  order by q.question_id collate "C"
$$;

-- Which of p_ids exist at all, seen past row-level security: another user's question id is
-- invisible to the caller, yet taken. Says only that an id is taken, nothing of its question.
create function public.question_ids_taken(p_ids text[])
returns setof text
language sql stable
security definer
set search_path = ''
as $$
  select u.id from unnest(p_ids) as u(id)
  where exists (select 1 from public.interview_questions q where q.question_id = u.id)
$$;

-- Adds or updates the caller's own questions, all or nothing. p_questions: an array of
-- {id?, interview_type, custom_domain, question_text, difficulty, tags, key_points,
-- time_limit_seconds}. Without an id, the id is derived from the caller, the type, the domain
-- and the text, so importing the same file twice adds nothing. An id of the shared bank is
-- left as it is (a file exported with shared questions imports cleanly). Returns the counts
-- and the ids in the order given.
create function public.save_own_questions(p_questions jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_input jsonb;
  v_detail text;
  v_add jsonb;
  v_change jsonb;
  v_ids jsonb;
  v_shared integer;
  v_total integer;
  v_added integer;
  v_updated integer;
begin
  if v_user is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if jsonb_typeof(p_questions) <> 'array' then
    raise exception 'p_questions must be an array' using errcode = '22023';
  end if;

  v_input := (
    select coalesce(jsonb_agg(jsonb_build_object(
      'ord', e.ord,
      'question_id', coalesce(nullif(btrim(e.doc ->> 'id'), ''),
                              'own-' || left(md5(concat_ws(chr(31), v_user::text, e.doc ->> 'interview_type', e.doc ->> 'custom_domain',
                                                           lower(regexp_replace(btrim(e.doc ->> 'question_text'), '\s+', ' ', 'g')))), 12)),
      'interview_type', e.doc ->> 'interview_type',
      'custom_domain', e.doc ->> 'custom_domain',
      'question_text', btrim(e.doc ->> 'question_text'),
      'difficulty', coalesce(e.doc ->> 'difficulty', 'medium'),
      'tags', coalesce(e.doc -> 'tags', '[]'),
      'key_points', coalesce(e.doc -> 'key_points', '[]'),
      'time_limit_seconds', e.doc -> 'time_limit_seconds'
    )), '[]'::jsonb)
    from jsonb_array_elements(p_questions) with ordinality as e(doc, ord)
  );

  select i.question_id into v_detail
  from jsonb_to_recordset(v_input) as i(question_id text) group by i.question_id having count(*) > 1 limit 1;
  if v_detail is not null then
    raise exception 'question % is given twice', v_detail using errcode = '22023';
  end if;

  select t.id into v_detail
  from public.question_ids_taken(array(
    select i.question_id from jsonb_to_recordset(v_input) as i(question_id text)
    where not exists (select 1 from public.interview_questions q where q.question_id = i.question_id)
  )) as t(id)
  limit 1;
  if v_detail is not null then
    raise exception 'question id % is taken; choose another id', v_detail using errcode = '23505';
  end if;

  -- Sorted out first, then written in two plain statements: as one statement with the
  -- classification a CTE, the planner joined it to the table row by row (25 million
  -- comparisons for a file of 5,000 questions already there: two seconds).
  with classified as (
    select i.*, x.question_id is not null as found, x.owner_id as found_owner,
           (x.interview_type, x.custom_domain, x.question_text, x.difficulty, x.tags, x.key_points, x.time_limit_seconds, x.is_active)
             is not distinct from (i.interview_type, i.custom_domain, i.question_text, i.difficulty, i.tags, i.key_points, i.time_limit_seconds, true) as same
    from jsonb_to_recordset(v_input) as i(
      ord bigint, question_id text, interview_type text, custom_domain text, question_text text,
      difficulty text, tags text[], key_points text[], time_limit_seconds integer
    )
    left join public.interview_questions x on x.question_id = i.question_id
  )
  select coalesce(jsonb_agg(to_jsonb(c)) filter (where not c.found), '[]'::jsonb),
         coalesce(jsonb_agg(to_jsonb(c)) filter (where c.found and c.found_owner = v_user and not c.same), '[]'::jsonb),
         count(*) filter (where c.found and c.found_owner is null),
         count(*),
         coalesce(jsonb_agg(c.question_id order by c.ord), '[]'::jsonb)
  into v_add, v_change, v_shared, v_total, v_ids
  from classified c;

  insert into public.interview_questions
    (question_id, interview_type, custom_domain, question_text, difficulty, tags, key_points, time_limit_seconds, is_active, owner_id, updated_at)
  select c.question_id, c.interview_type, c.custom_domain, c.question_text, c.difficulty, c.tags, c.key_points, c.time_limit_seconds, true, v_user, now()
  from jsonb_to_recordset(v_add) as c(
    question_id text, interview_type text, custom_domain text, question_text text,
    difficulty text, tags text[], key_points text[], time_limit_seconds integer
  )
  -- The same question added by a second import of this user at the same moment: already there.
  on conflict (question_id) do nothing;
  get diagnostics v_added = row_count;

  update public.interview_questions q
  set interview_type = c.interview_type, custom_domain = c.custom_domain, question_text = c.question_text,
      difficulty = c.difficulty, tags = c.tags, key_points = c.key_points,
      time_limit_seconds = c.time_limit_seconds, is_active = true, updated_at = now()
  from jsonb_to_recordset(v_change) as c(
    question_id text, interview_type text, custom_domain text, question_text text,
    difficulty text, tags text[], key_points text[], time_limit_seconds integer
  )
  where q.question_id = c.question_id;
  get diagnostics v_updated = row_count;

  return jsonb_build_object(
    'added', v_added,
    'updated', v_updated,
    'unchanged', v_total - v_added - v_updated - v_shared,
    'shared', v_shared,
    'ids', v_ids
  );
end
$$;

-- Disables (or enables again) questions for the caller only. Enabling one's own question that
-- came inactive with an imported session makes it active. Returns how many changed.
create function public.set_questions_disabled(p_question_ids text[], p_disabled boolean)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_missing text;
  v_changed integer;
begin
  if v_user is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  select u.id into v_missing
  from unnest(p_question_ids) as u(id)
  where not exists (select 1 from public.interview_questions q where q.question_id = u.id)
  limit 1;
  if v_missing is not null then
    raise exception 'no question %', v_missing using errcode = '22023';
  end if;
  if p_disabled then
    with added as (
      insert into public.disabled_questions (user_id, question_id)
      select distinct v_user, u.id from unnest(p_question_ids) as u(id)
      on conflict do nothing
      returning 1
    )
    select count(*)::integer into v_changed from added;
  else
    with removed as (
      delete from public.disabled_questions d
      where d.user_id = v_user and d.question_id = any (p_question_ids)
      returning d.question_id
    ),
    activated as (
      update public.interview_questions q set is_active = true, updated_at = now()
      where q.question_id = any (p_question_ids) and q.owner_id = v_user and not q.is_active
      returning q.question_id
    )
    select count(*)::integer into v_changed
    from (select question_id from removed union select question_id from activated) changed;
  end if;
  return v_changed;
end
$$;

-- Saves a template: a named list of questions. Refuses to replace one unless p_replace.
create function public.save_template(p_name text, p_description text, p_question_ids text[], p_replace boolean default false)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_missing text;
  v_created boolean;
begin
  if v_user is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if (select count(distinct id) from unnest(p_question_ids) id) <> cardinality(p_question_ids) then
    raise exception 'a template cannot hold a question twice' using errcode = '22023';
  end if;
  select u.id into v_missing
  from unnest(p_question_ids) as u(id)
  where not exists (select 1 from public.interview_questions q where q.question_id = u.id)
  limit 1;
  if v_missing is not null then
    raise exception 'no question %', v_missing using errcode = '22023';
  end if;
  if not coalesce(p_replace, false) and exists (select 1 from public.interview_templates t where t.user_id = v_user and t.name = p_name) then
    raise exception 'a template named % exists', p_name using errcode = '23505';
  end if;
  insert into public.interview_templates as t (user_id, name, description, question_ids)
  values (v_user, p_name, nullif(btrim(p_description), ''), p_question_ids)
  on conflict (user_id, name) do update
    set description = excluded.description, question_ids = excluded.question_ids, updated_at = now()
  returning (xmax = 0) into v_created;
  return v_created;
end
$$;

create function public.list_templates()
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'name', t.name,
    'description', t.description,
    'question_count', cardinality(t.question_ids),
    'interview_types', (
      select coalesce(jsonb_agg(distinct q.interview_type), '[]'::jsonb)
      from public.interview_questions q where q.question_id = any (t.question_ids)
    ),
    'created_at', t.created_at,
    'updated_at', t.updated_at
  )
  from public.interview_templates t
  where t.user_id = (select auth.uid())
  order by t.name collate "C"
$$;

-- One template with its questions in order (null when the caller has none of that name).
create function public.template_detail(p_name text)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'name', t.name,
    'description', t.description,
    'created_at', t.created_at,
    'updated_at', t.updated_at,
    'questions', coalesce((
      select jsonb_agg(b.doc order by u.position)
      from unnest(t.question_ids) with ordinality as u(question_id, position)
      cross join lateral public.bank_questions(null, null, null, null, array[u.question_id]) as b(doc)
    ), '[]'::jsonb)
  )
  from public.interview_templates t
  where t.user_id = (select auth.uid()) and t.name = p_name
$$;

create function public.delete_template(p_name text)
returns boolean
language sql
set search_path = ''
as $$
  with deleted as (
    delete from public.interview_templates t
    where t.user_id = (select auth.uid()) and t.name = p_name
    returning 1
  )
  select exists (select 1 from deleted)
$$;

-- Where each question the caller has been asked stands, as Leitner boxes, folded over every
-- time it was asked, oldest first: skipped (asked, no answer, the session went on) or failed
-- → box 0, due at once (the same day); hard → stays in its box (at least box 1); good → one
-- box up; easy → two. Box n is due 0, 1, 3, 7, 14, 30, 60 days after it was last asked. An
-- answer's outcome is the person's rating when given; otherwise a feedback score under 50 is
-- a failure, over the time limit or under 70 is hard, and anything else good. Disabled
-- questions are left out. Derived on every call, so an answer synced late or rated afterwards
-- takes its place in order.
create function public.review_states(p_interview_type text default null, p_custom_domain text default null)
returns table (question_id text, box integer, last_asked_at timestamptz, due_at timestamptz, last_outcome text, times_asked integer, lapses integer)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_intervals constant integer[] := array[0, 1, 3, 7, 14, 30, 60];
  v_step record;
  v_current text;
begin
  for v_step in
    select a.question_id as qid, a.asked_at, a.outcome
    from (
      select u.question_id, coalesce(r.answered_at, s.started_at) as asked_at,
             case
               when r.id is null or btrim(r.response_text) = '' then 'again'
               when r.rating is not null then r.rating
               when r.feedback_score < 50 then 'again'
               when r.time_limit_seconds is not null and r.duration > r.time_limit_seconds then 'hard'
               when r.feedback_score < 70 then 'hard'
               else 'good'
             end as outcome
      from public.interview_sessions s
      cross join lateral unnest(s.question_ids) with ordinality as u(question_id, position)
      left join public.interview_responses r on r.session_id = s.id and r.question_id = u.question_id
      where s.user_id = (select auth.uid())
        and (r.id is not null or u.position <= s.current_index or s.completed_at is not null)
    ) a
    join public.interview_questions q on q.question_id = a.question_id
    where (p_interview_type is null or q.interview_type = p_interview_type)
      and (p_custom_domain is null or q.custom_domain = p_custom_domain)
      and not exists (select 1 from public.disabled_questions d where d.user_id = (select auth.uid()) and d.question_id = a.question_id)
    order by a.question_id, a.asked_at
  loop
    if v_current is distinct from v_step.qid then
      if v_current is not null then
        due_at := last_asked_at + make_interval(days => v_intervals[box + 1]);
        return next;
      end if;
      v_current := v_step.qid;
      question_id := v_step.qid;
      box := 0;
      times_asked := 0;
      lapses := 0;
    end if;
    times_asked := times_asked + 1;
    last_asked_at := v_step.asked_at;
    last_outcome := v_step.outcome;
    box := case v_step.outcome
             when 'again' then 0
             when 'hard' then greatest(box, 1)
             when 'good' then least(box + 1, 6)
             else least(box + 2, 6)
           end;
    if v_step.outcome = 'again' then
      lapses := lapses + 1;
    end if;
  end loop;
  if v_current is not null then
    due_at := last_asked_at + make_interval(days => v_intervals[box + 1]);
    return next;
  end if;
end
$$;

revoke execute on function
  public.snapshot_session_question_texts(),
  public.question_ids_taken(text[]),
  public.bank_questions(text, text, text, text, text[]),
  public.save_own_questions(jsonb),
  public.set_questions_disabled(text[], boolean),
  public.save_template(text, text, text[], boolean),
  public.list_templates(),
  public.template_detail(text),
  public.delete_template(text),
  public.review_states(text, text)
from public, anon;
grant execute on function
  public.question_ids_taken(text[]),
  public.bank_questions(text, text, text, text, text[]),
  public.save_own_questions(jsonb),
  public.set_questions_disabled(text[], boolean),
  public.save_template(text, text, text[], boolean),
  public.list_templates(),
  public.template_detail(text),
  public.delete_template(text),
  public.review_states(text, text)
to authenticated;

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000013' $$;
