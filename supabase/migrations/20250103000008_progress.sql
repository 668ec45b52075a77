-- Progress over time: words per answer kept with each answer, and one report of practice per
-- day, week or month with the streak and the types practised least, in one call.

-- A word is a run of characters between whitespace that holds something other than
-- punctuation: the same count for answers saved before this migration and after it.
create function public.answer_word_count(p_text text)
returns integer
language sql immutable
set search_path = ''
as $$
  select count(*)::integer
  from regexp_split_to_table(coalesce(p_text, ''), '[[:space:]]+') as t(token)
  where t.token ~ '[^[:punct:][:space:][:cntrl:]]'
$$;

alter table public.interview_responses add column word_count integer;
update public.interview_responses set word_count = public.answer_word_count(response_text);

create function public.set_answer_word_count()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.word_count := public.answer_word_count(new.response_text);
  return new;
end
$$;

create trigger interview_responses_word_count
  before insert or update of response_text on public.interview_responses
  for each row execute function public.set_answer_word_count();

-- The caller's practice between p_since and p_until (either may be null), of one type or
-- domain or all, per p_by ('day', 'week' or 'month', in UTC): sessions started and completed,
-- completion rate, average session duration (completed sessions), average seconds and words
-- per answer. With the streak of days in a row ending on p_today (or the day before: today is
-- not over), sessions started in p_today's month, the sessions per type (least first), and
-- how many users they are of. p_all_users reads every user's sessions that row-level security
-- shows the caller: a team owner's connection, or Supabase's service role.
create function public.progress_report(
  p_today date,
  p_since timestamptz default null,
  p_until timestamptz default null,
  p_interview_type text default null,
  p_custom_domain text default null,
  p_by text default 'week',
  p_all_users boolean default false
)
returns jsonb
language sql stable
set search_path = ''
as $$
  with mine as (
    select s.id, s.user_id, s.interview_type, s.custom_domain, s.started_at, s.completed_at, s.duration
    from public.interview_sessions s
    -- Every user's only for a caller that row-level security lets see them (a team owner).
    where (p_all_users or s.user_id = (select auth.uid()))
      and (p_interview_type is null or s.interview_type = p_interview_type)
      and (p_custom_domain is null or s.custom_domain = p_custom_domain)
  ),
  chosen as (
    select * from mine
    where (p_since is null or started_at >= p_since) and (p_until is null or started_at < p_until)
  ),
  tagged as (
    select date_trunc(case when p_by in ('day', 'week', 'month') then p_by else 'week' end, c.started_at at time zone 'UTC')::date as period, c.*
    from chosen c
  ),
  sessions_by_period as (
    select t.period,
           count(*)::integer as started,
           count(t.completed_at)::integer as completed,
           round(avg(t.duration) filter (where t.completed_at is not null), 2) as avg_session_seconds
    from tagged t group by t.period
  ),
  answers_by_period as (
    select t.period, round(avg(r.duration), 2) as avg_answer_seconds, round(avg(r.word_count), 2) as avg_answer_words, count(*)::integer as answers
    from tagged t join public.interview_responses r on r.session_id = t.id
    group by t.period
  ),
  periods as (
    select s.*, a.avg_answer_seconds, a.avg_answer_words, coalesce(a.answers, 0) as answers
    from sessions_by_period s left join answers_by_period a using (period)
  ),
  days as (
    select distinct (started_at at time zone 'UTC')::date as day from mine where (started_at at time zone 'UTC')::date <= p_today
  ),
  run as (
    -- Days in a row: a day's distance from p_today equals its rank only along an unbroken run.
    select day, (p_today - day) - (row_number() over (order by day desc) - 1) as gap from days
  ),
  streak as (
    select count(*)::integer as days from run
    where gap = (select min(gap) from run where gap in (0, 1)) and exists (select 1 from run where gap in (0, 1))
  )
  select jsonb_build_object(
    'periods', coalesce((select jsonb_agg(jsonb_build_object(
        'period', p.period,
        'sessionsStarted', p.started,
        'sessionsCompleted', p.completed,
        'completionRate', round(100.0 * p.completed / p.started, 2),
        'avgSessionSeconds', p.avg_session_seconds,
        'avgAnswerSeconds', p.avg_answer_seconds,
        'avgAnswerWords', p.avg_answer_words,
        'answers', p.answers
      ) order by p.period) from periods p), '[]'::jsonb),
    'streakDays', (select days from streak),
    'users', (select count(distinct user_id)::integer from chosen),
    'sessionsThisMonth', (select count(*)::integer from mine where date_trunc('month', started_at at time zone 'UTC') = date_trunc('month', p_today::timestamp)),
    'byType', coalesce((select jsonb_agg(jsonb_build_object('interviewType', t.interview_type, 'sessions', t.n) order by t.n, t.interview_type)
      from (select interview_type, count(*)::integer as n from chosen group by interview_type) t), '[]'::jsonb)
  )
$$;

-- The spec's response-time report reads interview_responses through row-level security,
-- whose policy checks each answer's session: at a million answers that scans all of them on
-- every call. The same figures, reached through the caller's sessions first, use the index
-- of sessions by user and of answers by session; row-level security still applies, and a
-- caller without a user (the tables' owner, the service role) still reads every row.
create or replace function public.report_response_times()
returns table (avg_response_time numeric, min_response_time integer, max_response_time integer)
language plpgsql stable
set search_path = public
as $$
begin
  if (select auth.uid()) is null then
    return query select round(avg(r.duration), 2), min(r.duration), max(r.duration) from interview_responses r;
  else
    return query
      select round(avg(r.duration), 2), min(r.duration), max(r.duration)
      from interview_sessions s join interview_responses r on r.session_id = s.id
      where s.user_id = (select auth.uid());
  end if;
end
$$;

revoke execute on function public.answer_word_count(text), public.set_answer_word_count(),
  public.progress_report(date, timestamptz, timestamptz, text, text, text, boolean) from public, anon;
grant execute on function public.answer_word_count(text), public.set_answer_word_count(),
  public.progress_report(date, timestamptz, timestamptz, text, text, text, boolean) to authenticated;

create or replace function public.amplify_schema_version()
returns text
language sql immutable
set search_path = ''
as $$ select '20250103000008' $$;
