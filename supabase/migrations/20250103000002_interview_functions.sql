-- The data API. Every backend calls these functions and nothing else: the embedded and
-- postgres backends with `select * from fn(...)`, the Supabase one with `rpc('fn', ...)`.
-- They run as the caller (security invoker), so row-level security applies, and they
-- identify the caller with auth.uid(). Every write can be replayed with the same result.

create function public.question_bank_summary()
returns table (interview_type text, custom_domain text, question_count bigint)
language sql stable
set search_path = ''
as $$
  select q.interview_type, q.custom_domain, count(*)
  from public.interview_questions q
  where q.is_active
  group by q.interview_type, q.custom_domain
  order by q.interview_type, q.custom_domain
$$;

create function public.list_interview_questions(p_interview_type text, p_custom_domain text default null)
returns table (question_id text, question_text text, difficulty text, tags text[])
language sql stable
set search_path = ''
as $$
  select q.question_id, q.question_text, q.difficulty, q.tags
  from public.interview_questions q
  where q.is_active
    and q.interview_type = p_interview_type
    and q.custom_domain is not distinct from p_custom_domain
  order by q.question_id
$$;

create function public.create_interview_session(
  p_id uuid,
  p_interview_type text,
  p_custom_domain text,
  p_question_ids text[],
  p_config jsonb default '{}',
  p_started_at timestamptz default now()
)
returns setof public.interview_sessions
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if cardinality(p_question_ids) is null or cardinality(p_question_ids) = 0 then
    raise exception 'a session needs at least one question' using errcode = '22023';
  end if;
  if (select count(distinct id) from unnest(p_question_ids) id) <> cardinality(p_question_ids) then
    raise exception 'a session cannot ask a question twice' using errcode = '22023';
  end if;
  if (select count(*) from public.interview_questions q where q.question_id = any (p_question_ids))
     <> cardinality(p_question_ids) then
    raise exception 'unknown question id in session' using errcode = '22023';
  end if;

  insert into public.interview_sessions
    (id, user_id, interview_type, custom_domain, config, question_ids, started_at)
  values
    (p_id, (select auth.uid()), p_interview_type, p_custom_domain,
     coalesce(p_config, '{}'), p_question_ids, coalesce(p_started_at, now()))
  on conflict (id) do nothing;

  return query select s.* from public.interview_sessions s where s.id = p_id;
  if not found then
    raise exception 'session % belongs to another user', p_id using errcode = '42501';
  end if;
end
$$;

-- p_responses: a JSON array of {id, session_id, question_id, response_text, duration, answered_at}.
-- One call saves one answer or ten thousand; a later answer to the same question replaces
-- the earlier one, and each session's position moves past the questions answered.
create function public.save_interview_responses(p_responses jsonb)
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
      duration integer, answered_at timestamptz
    )
    order by r.session_id, r.question_id, r.answered_at desc
  ),
  saved as (
    insert into public.interview_responses
      (id, session_id, question_id, response_text, duration, answered_at)
    select i.id, i.session_id, i.question_id, coalesce(i.response_text, ''),
           i.duration, coalesce(i.answered_at, now())
    from input i
    on conflict (session_id, question_id) do update set
      response_text = excluded.response_text,
      duration = excluded.duration,
      answered_at = excluded.answered_at
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

create function public.advance_interview_session(p_session_id uuid, p_current_index integer)
returns integer
language sql
set search_path = ''
as $$
  update public.interview_sessions s
  set current_index = least(greatest(s.current_index, p_current_index), cardinality(s.question_ids))
  where s.id = p_session_id
  returning s.current_index
$$;

create function public.complete_interview_session(
  p_session_id uuid,
  p_completed_at timestamptz,
  p_duration integer
)
returns setof public.interview_sessions
language plpgsql
set search_path = ''
as $$
begin
  update public.interview_sessions s
  set completed_at = coalesce(p_completed_at, now()),
      duration = p_duration,
      current_index = cardinality(s.question_ids)
  where s.id = p_session_id and s.completed_at is null;

  return query select s.* from public.interview_sessions s where s.id = p_session_id;
  if not found then
    raise exception 'session % not found', p_session_id using errcode = 'P0002';
  end if;
end
$$;

create function public.discard_interview_session(p_session_id uuid)
returns boolean
language sql
set search_path = ''
as $$
  with deleted as (
    delete from public.interview_sessions s where s.id = p_session_id returning 1
  )
  select exists (select 1 from deleted)
$$;

create function public.incomplete_interview_sessions()
returns table (
  id uuid, interview_type text, custom_domain text, question_count integer,
  answered_count integer, current_index integer, started_at timestamptz
)
language sql stable
set search_path = ''
as $$
  select s.id, s.interview_type, s.custom_domain, cardinality(s.question_ids),
         (select count(*)::integer from public.interview_responses r where r.session_id = s.id),
         s.current_index, s.started_at
  from public.interview_sessions s
  where s.user_id = (select auth.uid()) and s.completed_at is null
  order by s.started_at desc
$$;

create function public.interview_history(
  p_limit integer default 20,
  p_interview_type text default null
)
returns table (
  id uuid, interview_type text, custom_domain text, started_at timestamptz,
  completed_at timestamptz, duration integer, question_count integer, answered_count integer
)
language sql stable
set search_path = ''
as $$
  select s.id, s.interview_type, s.custom_domain, s.started_at, s.completed_at, s.duration,
         cardinality(s.question_ids),
         (select count(*)::integer from public.interview_responses r where r.session_id = s.id)
  from public.interview_sessions s
  where s.user_id = (select auth.uid())
    and (p_interview_type is null or s.interview_type = p_interview_type)
  order by s.started_at desc
  limit greatest(coalesce(p_limit, 20), 0)
$$;

-- Resolves a session id from a prefix, like git does for commits; two rows mean ambiguous.
create function public.find_interview_sessions(p_id_prefix text)
returns table (id uuid)
language sql stable
set search_path = ''
as $$
  select s.id
  from public.interview_sessions s
  where s.user_id = (select auth.uid())
    and left(s.id::text, length(p_id_prefix)) = lower(p_id_prefix)
  order by s.started_at desc
  limit 2
$$;

create function public.interview_session_detail(p_session_id uuid)
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
        'response_id', r.id,
        'response_text', r.response_text,
        'duration', r.duration,
        'answered_at', r.answered_at
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

-- The spec's three monitoring queries; row-level security scopes them to the caller. The
-- only change: the completion rate is null, not a division by zero, before any session.
create function public.report_completion_rate()
returns table (completed bigint, total bigint, completion_rate numeric)
language sql stable
set search_path = public
as $$
  SELECT
    COUNT(*) FILTER (WHERE completed_at IS NOT NULL) as completed,
    COUNT(*) as total,
    ROUND(COUNT(*) FILTER (WHERE completed_at IS NOT NULL) * 100.0 / NULLIF(COUNT(*), 0), 2) as completion_rate
  FROM interview_sessions
$$;

create function public.report_average_duration_by_type()
returns table (interview_type text, avg_duration_seconds numeric)
language sql stable
set search_path = public
as $$
  SELECT
    interview_type,
    ROUND(AVG(duration), 2) as avg_duration_seconds
  FROM interview_sessions
  WHERE completed_at IS NOT NULL
  GROUP BY interview_type
  ORDER BY interview_type
$$;

create function public.report_response_times()
returns table (avg_response_time numeric, min_response_time integer, max_response_time integer)
language sql stable
set search_path = public
as $$
  SELECT
    ROUND(AVG(duration), 2) as avg_response_time,
    MIN(duration) as min_response_time,
    MAX(duration) as max_response_time
  FROM interview_responses
$$;

-- Only signed-in users call the data API; the question bank stays readable to anon.
revoke execute on function
  public.create_interview_session(uuid, text, text, text[], jsonb, timestamptz),
  public.save_interview_responses(jsonb),
  public.advance_interview_session(uuid, integer),
  public.complete_interview_session(uuid, timestamptz, integer),
  public.discard_interview_session(uuid),
  public.incomplete_interview_sessions(),
  public.interview_history(integer, text),
  public.find_interview_sessions(text),
  public.interview_session_detail(uuid),
  public.report_completion_rate(),
  public.report_average_duration_by_type(),
  public.report_response_times()
from public, anon;

grant execute on function
  public.create_interview_session(uuid, text, text, text[], jsonb, timestamptz),
  public.save_interview_responses(jsonb),
  public.advance_interview_session(uuid, integer),
  public.complete_interview_session(uuid, timestamptz, integer),
  public.discard_interview_session(uuid),
  public.incomplete_interview_sessions(),
  public.interview_history(integer, text),
  public.find_interview_sessions(text),
  public.interview_session_detail(uuid),
  public.report_completion_rate(),
  public.report_average_duration_by_type(),
  public.report_response_times()
to authenticated;
