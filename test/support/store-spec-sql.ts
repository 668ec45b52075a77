/**
 * The SQL of the spec (SPEC.md), copied VERBATIM: comments, case and whitespace as written
 * there. Tests run these exact strings; do not tidy them.
 */

/** SPEC.md, "Deployment steps" → "2. Verify Schema". */
export const VERIFY_TABLES_SQL = `-- Check tables exist
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public'
AND table_name IN ('interview_sessions', 'interview_responses', 'interview_questions');`;

export const VERIFY_INDEXES_SQL = `-- Check indexes exist
SELECT indexname FROM pg_indexes
WHERE tablename IN ('interview_sessions', 'interview_responses', 'interview_questions');`;

/** SPEC.md, "Monitoring & analytics" → "Useful Queries". */
export const COMPLETION_RATE_SQL = `-- Session completion rate
SELECT
  COUNT(*) FILTER (WHERE completed_at IS NOT NULL) as completed,
  COUNT(*) as total,
  ROUND(COUNT(*) FILTER (WHERE completed_at IS NOT NULL) * 100.0 / COUNT(*), 2) as completion_rate
FROM interview_sessions;`;

export const AVERAGE_DURATION_BY_TYPE_SQL = `-- Average duration by interview type
SELECT
  interview_type,
  ROUND(AVG(duration), 2) as avg_duration_seconds
FROM interview_sessions
WHERE completed_at IS NOT NULL
GROUP BY interview_type;`;

export const RESPONSE_TIMES_SQL = `-- Response time analysis
SELECT
  ROUND(AVG(duration), 2) as avg_response_time,
  MIN(duration) as min_response_time,
  MAX(duration) as max_response_time
FROM interview_responses;`;

/** SPEC.md, "Performance optimizations": the seven indexes, as the spec creates them. */
export const SPEC_INDEXES: { name: string; table: string; columns: string }[] = [
  { name: 'idx_interview_sessions_user', table: 'interview_sessions', columns: 'user_id' },
  { name: 'idx_interview_sessions_type', table: 'interview_sessions', columns: 'interview_type' },
  { name: 'idx_interview_sessions_completed', table: 'interview_sessions', columns: 'completed_at' },
  { name: 'idx_interview_responses_session', table: 'interview_responses', columns: 'session_id' },
  { name: 'idx_interview_responses_question', table: 'interview_responses', columns: 'question_id' },
  { name: 'idx_interview_questions_type_active', table: 'interview_questions', columns: 'interview_type, is_active' },
  { name: 'idx_interview_questions_custom_active', table: 'interview_questions', columns: 'interview_type, custom_domain, is_active' },
];

export const SPEC_TABLES = ['interview_questions', 'interview_responses', 'interview_sessions'];
