-- Everything of the caller's sessions, one page at a time, oldest first: for moving them to
-- another backend (`amplify db copy`) and for exports. Each row is one session in the shape
-- sync_interview_sessions takes (without "create"), answers included, so that a copy is a
-- page read here and one sync call there. p_ids keeps only those sessions; "questions" adds each question's text and
-- difficulty, in the session's order, for an export that must stand on its own. Keyset paging on (started_at, id): a page starts
-- after the last row of the previous one, and pages stay fast however far they go.

create function public.export_interview_sessions(
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
      select jsonb_agg(jsonb_build_object(
        'id', r.id,
        'question_id', r.question_id,
        'response_text', r.response_text,
        'duration', r.duration,
        'answered_at', r.answered_at
      ) order by r.answered_at, r.id)
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

revoke execute on function public.export_interview_sessions(timestamptz, uuid, integer, uuid[]) from public, anon;
grant execute on function public.export_interview_sessions(timestamptz, uuid, integer, uuid[]) to authenticated;

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000007' $$;
