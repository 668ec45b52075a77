-- Feedback on every answer, and time that tells the truth.
--
-- Each answer keeps how it was given: thinking time (question shown → first keystroke or the
-- editor opened), writing time, paused time, and the time limit it was given (its overrun is
-- duration - time_limit_seconds). `feedback` is the local analyser's result, computed on the
-- person's machine when the answer is given; its version and score are columns of their own,
-- kept from it, so that re-scoring finds old versions and reports read scores without parsing.
-- `ai_feedback` is a model's feedback, stored beside the local one, never replacing it.

alter table public.interview_responses
  add column thinking_ms integer check (thinking_ms >= 0),
  add column writing_ms integer check (writing_ms >= 0),
  add column paused_ms integer check (paused_ms >= 0),
  add column time_limit_seconds integer check (time_limit_seconds > 0),
  add column feedback jsonb,
  add column feedback_version integer generated always as ((feedback ->> 'version')::integer) stored,
  add column feedback_score smallint generated always as ((feedback ->> 'score')::smallint) stored,
  add column ai_feedback jsonb,
  add constraint interview_responses_feedback_score_range check (feedback_score between 0 and 100);

-- Questions now come with their key points: the analyser needs them, offline too.
drop function public.list_interview_questions(text, text);
create function public.list_interview_questions(p_interview_type text, p_custom_domain text default null)
returns table (question_id text, question_text text, difficulty text, tags text[], key_points text[])
language sql stable
set search_path = ''
as $$
  select q.question_id, q.question_text, q.difficulty, q.tags, q.key_points
  from public.interview_questions q
  where q.is_active
    and q.interview_type = p_interview_type
    and q.custom_domain is not distinct from p_custom_domain
  order by q.question_id
$$;

-- A copy of the bank kept for offline starts must notice new key points too.
create or replace function public.question_bank_fingerprint()
returns text
language sql stable
set search_path = ''
as $$
  select md5(coalesce(
    jsonb_agg(
      jsonb_build_array(q.question_id, q.interview_type, q.custom_domain, q.question_text, q.difficulty, q.tags, q.key_points)
      order by q.question_id collate "C"
    )::text,
    '[]'))
  from public.interview_questions q
  where q.is_active
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
      thinking_ms integer, writing_ms integer, paused_ms integer, time_limit_seconds integer, feedback jsonb
    )
    order by r.session_id, r.question_id, r.answered_at desc
  ),
  saved as (
    insert into public.interview_responses
      (id, session_id, question_id, response_text, duration, answered_at,
       thinking_ms, writing_ms, paused_ms, time_limit_seconds, feedback)
    select i.id, i.session_id, i.question_id, coalesce(i.response_text, ''),
           i.duration, coalesce(i.answered_at, now()),
           i.thinking_ms, i.writing_ms, i.paused_ms, i.time_limit_seconds, i.feedback
    from input i
    on conflict (session_id, question_id) do update set
      response_text = excluded.response_text,
      duration = excluded.duration,
      answered_at = excluded.answered_at,
      thinking_ms = excluded.thinking_ms,
      writing_ms = excluded.writing_ms,
      paused_ms = excluded.paused_ms,
      time_limit_seconds = excluded.time_limit_seconds,
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
     thinking_ms, writing_ms, paused_ms, time_limit_seconds, feedback, ai_feedback)
  select distinct on (x.id, r.question_id)
         r.id, x.id, r.question_id, coalesce(r.response_text, ''), r.duration, coalesce(r.answered_at, now()),
         r.thinking_ms, r.writing_ms, r.paused_ms, r.time_limit_seconds, r.feedback, r.ai_feedback
  from jsonb_array_elements(p_sessions) as e
  join public.interview_sessions x on x.id = (e ->> 'id')::uuid
  cross join jsonb_to_recordset(coalesce(e -> 'responses', '[]')) as r(
    id uuid, question_id text, response_text text, duration integer, answered_at timestamptz,
    thinking_ms integer, writing_ms integer, paused_ms integer, time_limit_seconds integer,
    feedback jsonb, ai_feedback jsonb
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
        'question_text', iq.question_text,
        'difficulty', iq.difficulty,
        'key_points', coalesce(to_jsonb(iq.key_points), '[]'::jsonb),
        'response_id', r.id,
        'response_text', r.response_text,
        'duration', r.duration,
        'answered_at', r.answered_at,
        'thinking_ms', r.thinking_ms,
        'writing_ms', r.writing_ms,
        'paused_ms', r.paused_ms,
        'time_limit_seconds', r.time_limit_seconds,
        'feedback', r.feedback,
        'ai_feedback', r.ai_feedback
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
        'question_text', iq.question_text,
        'difficulty', iq.difficulty
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
        'ai_feedback', r.ai_feedback
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

-- The caller's answers whose local feedback is missing or older than p_version, with what the
-- analyser needs, one page at a time (keyset on the answer's id).
create function public.answers_to_rescore(p_version integer, p_after uuid default null, p_limit integer default 500)
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'response_id', r.id,
    'interview_type', s.interview_type,
    'custom_domain', s.custom_domain,
    'question_text', coalesce(q.question_text, r.question_id),
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

-- Writes feedback: p_feedback is an array of {response_id, feedback}. A newer analyser's
-- feedback is never replaced by an older one. Returns how many answers were updated.
create function public.save_answer_feedback(p_feedback jsonb)
returns integer
language sql
set search_path = ''
as $$
  with updated as (
    update public.interview_responses r
    set feedback = f.feedback
    from jsonb_to_recordset(p_feedback) as f(response_id uuid, feedback jsonb)
    where r.id = f.response_id
      and f.feedback ? 'score' and f.feedback ? 'version'
      and (r.feedback_version is null or r.feedback_version <= (f.feedback ->> 'version')::integer)
    returning 1
  )
  select count(*)::integer from updated
$$;

-- Stores a model's feedback on one answer (beside the local feedback). False when the answer
-- is not the caller's, or gone.
create function public.save_ai_feedback(p_response_id uuid, p_ai_feedback jsonb)
returns boolean
language sql
set search_path = ''
as $$
  with updated as (
    update public.interview_responses r set ai_feedback = p_ai_feedback
    where r.id = p_response_id
    returning 1
  )
  select exists (select 1 from updated)
$$;

-- For each question of a session, the caller's latest answer to it given before this
-- session's, in another session: what `show --compare` puts beside each answer.
create function public.previous_answers(p_session_id uuid)
returns setof jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'question_id', cur.question_id,
    'session_id', prev.session_id,
    'response_text', prev.response_text,
    'duration', prev.duration,
    'answered_at', prev.answered_at,
    'feedback_score', prev.feedback_score
  )
  from public.interview_sessions s
  join public.interview_responses cur on cur.session_id = s.id
  cross join lateral (
    select r.session_id, r.response_text, r.duration, r.answered_at, r.feedback_score
    from public.interview_sessions ps
    join public.interview_responses r on r.session_id = ps.id
    where ps.user_id = s.user_id
      and ps.id <> s.id
      and r.question_id = cur.question_id
      and r.answered_at < cur.answered_at
    order by r.answered_at desc
    limit 1
  ) prev
  where s.id = p_session_id and s.user_id = (select auth.uid())
$$;

-- Answer quality over time, with progress_report's filters: the average feedback score per
-- period and type, and per type the median and 90th percentile (nearest rank, to the second)
-- of thinking and writing time and how often answers ran over their time limit. p_all_users as in progress_report: for a
-- team owner's connection or the service role.
create function public.answer_report(
  p_since timestamptz default null,
  p_until timestamptz default null,
  p_interview_type text default null,
  p_custom_domain text default null,
  p_by text default 'week',
  p_all_users boolean default false
)
returns jsonb
-- PL/pgSQL, not SQL: its statement is planned with the call's values, so one user's report
-- reads that user's sessions by index and every user's report scans and hashes (a SQL
-- function's one generic plan walked the answers of 100,000 sessions one index probe each).
language plpgsql stable
set search_path = ''
-- The planner cannot know that the per-second groups are few (a few hundred): with the
-- default work_mem it would sort a million answers three times on disk instead of hashing.
set work_mem = '128MB'
as $$
begin
  return (
  with chosen as (
    -- The period is a session's: computed once per session, not once per answer.
    select s.id, s.interview_type,
           date_trunc(case when p_by in ('day', 'week', 'month') then p_by else 'week' end, s.started_at at time zone 'UTC')::date as period
    from public.interview_sessions s
    where (p_all_users or s.user_id = (select auth.uid()))
      and (p_interview_type is null or s.interview_type = p_interview_type)
      and (p_custom_domain is null or s.custom_domain = p_custom_domain)
      and (p_since is null or s.started_at >= p_since)
      and (p_until is null or s.started_at < p_until)
  ),
  -- One pass over the answers: per period and type (the score, the limits), and per type the
  -- count of answers at each whole second of thinking and of writing, from which the median
  -- and the 90th percentile are read by nearest rank (to the second, as they are shown).
  answers as (
    select c.interview_type as t, c.period as p,
           r.thinking_ms / 1000 as th, r.writing_ms / 1000 as wr,
           r.feedback_score as sc, r.duration as d, r.time_limit_seconds as lim
    from chosen c
    join public.interview_responses r on r.session_id = c.id
  ),
  grouped as (
    select t, p, th, wr, grouping(p, th, wr) as g, count(*) as n, count(sc) as scored, sum(sc) as score_sum,
           count(lim) as limited, count(*) filter (where d > lim) as overruns
    from answers
    group by grouping sets ((t, p), (t, th), (t, wr))
  ),
  seconds as (
    -- g = 5: grouped by thinking; g = 6: by writing.
    select t, g, coalesce(th, wr) as sec, n,
           sum(n) over (partition by t, g order by coalesce(th, wr)) as running,
           sum(n) over (partition by t, g) as total
    from grouped where g in (5, 6) and coalesce(th, wr) is not null
  ),
  percentiles as (
    select t, g, sum(n) as timed,
           min(sec) filter (where running >= ceil(0.5 * total)) * 1000 as median_ms,
           min(sec) filter (where running >= ceil(0.9 * total)) * 1000 as p90_ms
    from seconds group by t, g
  ),
  per_type as (
    select t, sum(limited)::integer as limited, sum(overruns)::integer as overruns from grouped where g = 3 group by t
  )
  select jsonb_build_object(
    'scoreTrend', coalesce((select jsonb_agg(jsonb_build_object(
        'period', x.p, 'interviewType', x.t, 'avgScore', round(x.score_sum::numeric / x.scored, 1), 'answers', x.scored
      ) order by x.p, x.t) from grouped x where x.g = 3 and x.scored > 0), '[]'::jsonb),
    'timing', coalesce((select jsonb_agg(jsonb_build_object(
        'interviewType', k.t,
        'timedAnswers', coalesce(w.timed, 0),
        'thinkingMedianMs', h.median_ms,
        'thinkingP90Ms', h.p90_ms,
        'writingMedianMs', w.median_ms,
        'writingP90Ms', w.p90_ms,
        'limitedAnswers', k.limited,
        'overruns', k.overruns,
        'overrunRate', case when k.limited > 0 then round(100.0 * k.overruns / k.limited, 2) end
      ) order by k.t)
      from per_type k
      left join percentiles h on h.t = k.t and h.g = 5
      left join percentiles w on w.t = k.t and w.g = 6), '[]'::jsonb)
  )
  );
end
$$;

revoke execute on function
  public.answers_to_rescore(integer, uuid, integer),
  public.save_answer_feedback(jsonb),
  public.save_ai_feedback(uuid, jsonb),
  public.previous_answers(uuid),
  public.answer_report(timestamptz, timestamptz, text, text, text, boolean)
from public, anon;
grant execute on function
  public.answers_to_rescore(integer, uuid, integer),
  public.save_answer_feedback(jsonb),
  public.save_ai_feedback(uuid, jsonb),
  public.previous_answers(uuid),
  public.answer_report(timestamptz, timestamptz, text, text, text, boolean)
to authenticated;

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000011' $$;
