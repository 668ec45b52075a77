-- Indexes for the queries of the data API (spec: "Performance optimizations").

-- Session queries
create index idx_interview_sessions_user on public.interview_sessions (user_id);
create index idx_interview_sessions_type on public.interview_sessions (interview_type);
create index idx_interview_sessions_completed on public.interview_sessions (completed_at);

-- Response queries
create index idx_interview_responses_session on public.interview_responses (session_id);
create index idx_interview_responses_question on public.interview_responses (question_id);

-- Question queries
create index idx_interview_questions_type_active on public.interview_questions (interview_type, is_active);
create index idx_interview_questions_custom_active on public.interview_questions (interview_type, custom_domain, is_active);

-- History lists a user's sessions newest first with a limit: this serves it without a sort.
create index idx_interview_sessions_user_started on public.interview_sessions (user_id, started_at desc);
