-- Replaying a journal: many sessions, their answers, positions and completions in one call,
-- so that syncing ten thousand queued answers is a handful of calls rather than thousands.
-- Every part is idempotent, like the single-step functions it batches.
--
-- p_sessions: a JSON array of
--   {id, create, interview_type, custom_domain, config, question_ids, started_at,
--    position, completed_at, duration,
--    responses: [{id, question_id, response_text, duration, answered_at}]}
-- Returns each session id with 'synced', or 'missing' when it should exist but does not
-- (deleted elsewhere, or another user's): its answers are then left alone.

create function public.sync_interview_sessions(p_sessions jsonb)
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
    (id, session_id, question_id, response_text, duration, answered_at)
  select distinct on (x.id, r.question_id)
         r.id, x.id, r.question_id, coalesce(r.response_text, ''), r.duration, coalesce(r.answered_at, now())
  from jsonb_array_elements(p_sessions) as e
  join public.interview_sessions x on x.id = (e ->> 'id')::uuid
  cross join jsonb_to_recordset(coalesce(e -> 'responses', '[]')) as r(
    id uuid, question_id text, response_text text, duration integer, answered_at timestamptz
  )
  order by x.id, r.question_id, r.answered_at desc
  on conflict (session_id, question_id) do update set
    response_text = excluded.response_text,
    duration = excluded.duration,
    answered_at = excluded.answered_at
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

revoke execute on function public.sync_interview_sessions(jsonb) from public, anon;
grant execute on function public.sync_interview_sessions(jsonb) to authenticated;
