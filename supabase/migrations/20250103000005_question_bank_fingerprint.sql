-- A digest of the whole active question bank: every question's id, type, domain, text,
-- difficulty and tags. A client that keeps a copy of the bank for offline starts compares it
-- with this one value instead of fetching every list again: an edited question text changes
-- the fingerprint even when no count changes. jsonb's text form is canonical, and the order
-- is by id in the "C" collation, so the value depends on the data alone.

create function public.question_bank_fingerprint()
returns text
language sql stable
set search_path = ''
as $$
  select md5(coalesce(
    jsonb_agg(
      jsonb_build_array(q.question_id, q.interview_type, q.custom_domain, q.question_text, q.difficulty, q.tags)
      order by q.question_id collate "C"
    )::text,
    '[]'))
  from public.interview_questions q
  where q.is_active
$$;

-- Like the question bank itself, readable without signing in.
grant execute on function public.question_bank_fingerprint() to anon, authenticated;
