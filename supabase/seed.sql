-- Amplify question bank: seed data for public.interview_questions (130 questions across
-- behavioral, technical, system_design and five custom domains).
-- Idempotent: each insert upserts on question_id, so re-running this file updates rows in place.

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('behavioral-001', 'behavioral', null, 'Tell me about a time you disagreed with a teammate on a technical decision. How did you resolve it?', 'medium', '{conflict,teamwork}'),
  ('behavioral-002', 'behavioral', null, 'Describe a project you are most proud of and what your specific contribution to it was.', 'easy', '{ownership,impact}'),
  ('behavioral-003', 'behavioral', null, 'Tell me about a time you missed a deadline. What happened, and what did you change afterward?', 'medium', '{accountability,time-management}'),
  ('behavioral-004', 'behavioral', null, 'Tell me about a time you received critical feedback. How did you respond to it?', 'easy', '{feedback,growth}'),
  ('behavioral-005', 'behavioral', null, 'Describe a situation where you had to make an important decision with incomplete information.', 'medium', '{ambiguity,decision-making}'),
  ('behavioral-006', 'behavioral', null, 'Tell me about a time you made a mistake that affected production or customers. How did you handle it?', 'medium', '{accountability,incidents}'),
  ('behavioral-007', 'behavioral', null, 'Give me an example of when you influenced a decision without having any formal authority.', 'hard', '{influence,leadership}'),
  ('behavioral-008', 'behavioral', null, 'Tell me about a time you had to learn a new technology quickly in order to deliver something.', 'easy', '{learning,adaptability}'),
  ('behavioral-009', 'behavioral', null, 'Describe a time you pushed back on a request from a manager or stakeholder. What was the outcome?', 'medium', '{pushback,stakeholders}'),
  ('behavioral-010', 'behavioral', null, 'Tell me about a time you helped a struggling teammate improve.', 'medium', '{mentoring,teamwork}'),
  ('behavioral-011', 'behavioral', null, 'Tell me about the hardest bug you have tracked down. What made it hard, and how did you finally find it?', 'medium', '{problem-solving,debugging}'),
  ('behavioral-012', 'behavioral', null, 'Describe a time you had to balance shipping quickly against doing things properly. How did you decide what to cut?', 'hard', '{tradeoffs,prioritization}'),
  ('behavioral-013', 'behavioral', null, 'Tell me about a time you worked closely with someone whose working style was very different from yours.', 'medium', '{collaboration,communication}'),
  ('behavioral-014', 'behavioral', null, 'Describe a time you took ownership of a problem that was outside your job description.', 'medium', '{ownership,initiative}'),
  ('behavioral-015', 'behavioral', null, 'Tell me about a project that failed. What would you do differently if you started it again today?', 'hard', '{failure,reflection}'),
  ('behavioral-016', 'behavioral', null, 'Give an example of how you explained a complex technical topic to a non-technical audience.', 'easy', '{communication,stakeholders}'),
  ('behavioral-017', 'behavioral', null, 'Tell me about a time your priorities changed suddenly in the middle of a project. How did you adapt?', 'medium', '{adaptability,prioritization}'),
  ('behavioral-018', 'behavioral', null, 'Describe a time you noticed a process on your team that was not working and you changed it.', 'medium', '{process,initiative}'),
  ('behavioral-019', 'behavioral', null, 'Tell me about a time you had to deliver bad news to a stakeholder or a customer. How did you approach the conversation?', 'hard', '{communication,stakeholders,difficult-conversations}'),
  ('behavioral-020', 'behavioral', null, 'Describe a situation where you disagreed with your team''s consensus but committed to it anyway. How did it turn out?', 'hard', '{disagree-and-commit,teamwork}'),
  ('behavioral-021', 'behavioral', null, 'Tell me about a time you went well beyond what was asked to improve a customer''s experience.', 'medium', '{customer-focus,impact}'),
  ('behavioral-022', 'behavioral', null, 'How do you decide what to work on when you have more requests than time? Walk me through a recent example.', 'medium', '{prioritization,time-management}'),
  ('behavioral-023', 'behavioral', null, 'Tell me about a time you had to work across several teams to get something shipped. What obstacles came up, and how did you get past them?', 'hard', '{cross-functional,collaboration}'),
  ('behavioral-024', 'behavioral', null, 'What is the most useful piece of feedback you have given to a peer, and how did you deliver it?', 'medium', '{feedback,communication}'),
  ('behavioral-025', 'behavioral', null, 'Why are you looking to leave your current role, and what are you looking for in your next one?', 'easy', '{motivation,career}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('technical-001', 'technical', null, 'Explain the difference between a process and a thread. When would you choose one over the other?', 'easy', '{concurrency,operating-systems}'),
  ('technical-002', 'technical', null, 'How does a hash map work internally, and what happens when two keys collide?', 'easy', '{data-structures,hashing}'),
  ('technical-003', 'technical', null, 'Walk me through what happens, step by step, when you type a URL into a browser and press Enter.', 'medium', '{networking,http,dns}'),
  ('technical-004', 'technical', null, 'What is the difference between TCP and UDP, and when would you deliberately pick UDP?', 'easy', '{networking,protocols}'),
  ('technical-005', 'technical', null, 'Explain Big-O notation, and describe a case where an algorithm with worse asymptotic complexity is faster in practice.', 'medium', '{algorithms,complexity,performance}'),
  ('technical-006', 'technical', null, 'What is a deadlock, which conditions must hold for one to occur, and how can you prevent it?', 'medium', '{concurrency,deadlock}'),
  ('technical-007', 'technical', null, 'Explain what a database index is, how a B-tree index speeds up queries, and what it costs you.', 'medium', '{databases,indexing}'),
  ('technical-008', 'technical', null, 'What are the ACID properties of a transaction? Give an example where losing one of them causes a real bug.', 'medium', '{databases,transactions}'),
  ('technical-009', 'technical', null, 'Describe the standard transaction isolation levels and the anomalies each one allows. Which would you use for a bank transfer?', 'hard', '{databases,transactions,isolation}'),
  ('technical-010', 'technical', null, 'How does garbage collection work in a language you know well, and how can it affect the latency of a service?', 'hard', '{languages,memory,performance}'),
  ('technical-011', 'technical', null, 'What is the difference between the stack and the heap, and what kind of data lives in each?', 'easy', '{memory,languages}'),
  ('technical-012', 'technical', null, 'Explain the difference between concurrency and parallelism, with a concrete example of each.', 'easy', '{concurrency,parallelism}'),
  ('technical-013', 'technical', null, 'How would you find the root cause of a memory leak in a long-running service?', 'medium', '{debugging,memory}'),
  ('technical-014', 'technical', null, 'How does HTTPS establish a secure connection? Walk me through the TLS handshake at a high level.', 'medium', '{networking,security,tls}'),
  ('technical-015', 'technical', null, 'What is a race condition? Describe one you have seen or could imagine, and explain how you would fix it.', 'medium', '{concurrency,debugging}'),
  ('technical-016', 'technical', null, 'Compare unit tests, integration tests and end-to-end tests. How do you decide how many of each to write?', 'medium', '{testing,strategy}'),
  ('technical-017', 'technical', null, 'When would you use breadth-first search instead of depth-first search? Give a practical example of each.', 'medium', '{algorithms,graphs}'),
  ('technical-018', 'technical', null, 'What makes a test flaky, and how would you go about fixing a test suite full of flaky tests?', 'medium', '{testing,reliability}'),
  ('technical-019', 'technical', null, 'Explain how async/await or an event loop works in a language you use. What happens when something blocks the event loop?', 'medium', '{concurrency,languages,async}'),
  ('technical-020', 'technical', null, 'After a deploy, a service''s p99 latency doubled but its average latency looks unchanged. How would you debug it?', 'hard', '{debugging,performance,latency}'),
  ('technical-021', 'technical', null, 'Explain the trade-offs between relational and NoSQL databases. When would you choose a document or key-value store?', 'medium', '{databases,nosql}'),
  ('technical-022', 'technical', null, 'What is the difference between optimistic and pessimistic locking, and when is each one appropriate?', 'hard', '{concurrency,databases,locking}'),
  ('technical-023', 'technical', null, 'What is the N+1 query problem, and how do you detect and fix it in an application that uses an ORM?', 'medium', '{databases,performance,orm}'),
  ('technical-024', 'technical', null, 'What is a lock-free data structure, and what does compare-and-swap give you? What pitfalls, such as the ABA problem, should you watch for?', 'hard', '{concurrency,data-structures}'),
  ('technical-025', 'technical', null, 'A process crashes intermittently in production, but you cannot reproduce it locally. How do you approach the investigation?', 'hard', '{debugging,production}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('system-design-001', 'system_design', null, 'Design a URL shortening service. How do you generate short codes, and how do you handle very high read traffic?', 'easy', '{storage,hashing,scalability}'),
  ('system-design-002', 'system_design', null, 'Design a rate limiter for a public API. Where does it live, and which algorithm would you use?', 'medium', '{rate-limiting,api,distributed-systems}'),
  ('system-design-003', 'system_design', null, 'Design the news feed for a social network with hundreds of millions of users. How do you handle accounts with millions of followers?', 'hard', '{feeds,fanout,caching}'),
  ('system-design-004', 'system_design', null, 'Design a chat application that supports one-to-one and group messaging with delivery and read receipts.', 'medium', '{messaging,websockets,realtime}'),
  ('system-design-005', 'system_design', null, 'Design a distributed key-value store. How do you handle partitioning, replication and node failures?', 'hard', '{distributed-systems,replication,consistency}'),
  ('system-design-006', 'system_design', null, 'Design a notification system that sends push, email and SMS messages to millions of users without spamming them.', 'medium', '{queues,notifications,reliability}'),
  ('system-design-007', 'system_design', null, 'Design a web crawler that can crawl billions of pages while staying polite to the sites it visits.', 'medium', '{crawling,queues,distributed-systems}'),
  ('system-design-008', 'system_design', null, 'Design a caching layer in front of a slow database. How do you handle invalidation and a thundering herd on a popular key?', 'medium', '{caching,consistency}'),
  ('system-design-009', 'system_design', null, 'Design a file storage and sync service like Dropbox. How do you sync large files efficiently across many devices?', 'hard', '{storage,sync,chunking}'),
  ('system-design-010', 'system_design', null, 'Design a ride-sharing dispatch system that matches riders with nearby drivers in real time.', 'hard', '{geospatial,realtime,matching}'),
  ('system-design-011', 'system_design', null, 'Design a typeahead autocomplete service for a search box that must respond within a few tens of milliseconds.', 'medium', '{search,tries,latency}'),
  ('system-design-012', 'system_design', null, 'Design a pastebin-style service where users upload text snippets and share them by link, with optional expiry.', 'easy', '{storage,api}'),
  ('system-design-013', 'system_design', null, 'Design a metrics and monitoring system that ingests millions of data points per second and powers dashboards and alerts.', 'medium', '{observability,time-series}'),
  ('system-design-014', 'system_design', null, 'Design a job scheduler that reliably runs millions of delayed and recurring tasks. How do you avoid running a job twice?', 'medium', '{scheduling,queues,reliability}'),
  ('system-design-015', 'system_design', null, 'Design a leaderboard for an online game with millions of players that shows both global and friends-only rankings.', 'medium', '{ranking,caching,redis}'),
  ('system-design-016', 'system_design', null, 'Design the backend of a ticket booking system so that two people can never buy the same seat, even during a big on-sale event.', 'medium', '{consistency,transactions,concurrency}'),
  ('system-design-017', 'system_design', null, 'Design a REST API and data model for a to-do list app that syncs across all of a user''s devices.', 'easy', '{api,data-modeling}'),
  ('system-design-018', 'system_design', null, 'Design a video streaming platform. How do you handle uploads, transcoding and playback for users on slow networks?', 'hard', '{video,cdn,storage}'),
  ('system-design-019', 'system_design', null, 'Design a payment processing system that never charges a customer twice. How do you guarantee idempotency end to end?', 'medium', '{payments,idempotency,reliability}'),
  ('system-design-020', 'system_design', null, 'Design an image service where users upload photos and the system serves several resized versions quickly.', 'easy', '{storage,cdn,async-processing}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('frontend-001', 'custom', 'frontend', 'What is the browser''s critical rendering path, and what would you do to speed up the first paint of a page?', 'medium', '{performance,rendering}'),
  ('frontend-002', 'custom', 'frontend', 'Explain event delegation in the DOM and why it is useful.', 'easy', '{dom,events}'),
  ('frontend-003', 'custom', 'frontend', 'How do the virtual DOM and reconciliation work in React, and why do keys matter when rendering lists?', 'medium', '{react,rendering}'),
  ('frontend-004', 'custom', 'frontend', 'What is a closure in JavaScript? Give a practical use for one and a bug that closures commonly cause.', 'easy', '{javascript,closures}'),
  ('frontend-005', 'custom', 'frontend', 'How would you structure state management in a large single-page application that many teams contribute to? When is a global store the wrong choice?', 'hard', '{state-management,architecture}'),
  ('frontend-006', 'custom', 'frontend', 'Compare client-side rendering, server-side rendering and static generation. How do you choose between them for a given page?', 'medium', '{ssr,rendering,performance}'),
  ('frontend-007', 'custom', 'frontend', 'How would you make a custom dropdown component fully accessible to keyboard and screen reader users?', 'medium', '{accessibility,components}'),
  ('frontend-008', 'custom', 'frontend', 'What are Core Web Vitals, and how would you investigate a poor Largest Contentful Paint score?', 'medium', '{performance,web-vitals}'),
  ('frontend-009', 'custom', 'frontend', 'Explain CORS. Why does the browser block some cross-origin requests, and how do you configure it correctly?', 'easy', '{security,http,cors}'),
  ('frontend-010', 'custom', 'frontend', 'How would you prevent cross-site scripting in a web app that renders user-generated content?', 'medium', '{security,xss}'),
  ('frontend-011', 'custom', 'frontend', 'Design the frontend architecture of a collaborative document editor. How do you handle conflicting edits and offline mode?', 'hard', '{architecture,realtime,offline}'),
  ('frontend-012', 'custom', 'frontend', 'A page becomes janky when scrolling through a list of ten thousand items. How would you diagnose and fix it?', 'hard', '{performance,virtualization}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('backend-001', 'custom', 'backend', 'What makes a REST API well designed? How do you handle versioning and breaking changes?', 'easy', '{api,rest,versioning}'),
  ('backend-002', 'custom', 'backend', 'What does it mean for an API endpoint to be idempotent, and how would you make a POST endpoint safe to retry?', 'medium', '{api,idempotency,reliability}'),
  ('backend-003', 'custom', 'backend', 'How do you store user passwords securely, and what would you do if your hashing scheme needed upgrading?', 'medium', '{security,authentication}'),
  ('backend-004', 'custom', 'backend', 'Compare server-side sessions and JWTs for authentication. What are the trade-offs, especially around revoking access?', 'medium', '{authentication,security}'),
  ('backend-005', 'custom', 'backend', 'When would you introduce a message queue between two services, and what new failure modes does it bring?', 'medium', '{queues,architecture}'),
  ('backend-006', 'custom', 'backend', 'How would you run a zero-downtime schema migration on a large, heavily used database table?', 'hard', '{databases,migrations}'),
  ('backend-007', 'custom', 'backend', 'What is database connection pooling, and why does it matter for a backend service?', 'easy', '{databases,performance}'),
  ('backend-008', 'custom', 'backend', 'What are the trade-offs between a monolith and microservices? When would you split a monolith, and how?', 'medium', '{architecture,microservices}'),
  ('backend-009', 'custom', 'backend', 'What strategies do you use when calling an unreliable downstream service? Explain timeouts, retries with backoff and circuit breakers.', 'medium', '{reliability,resilience,retries}'),
  ('backend-010', 'custom', 'backend', 'How would you guarantee that a database write and the event announcing it are never out of sync? Explain the transactional outbox pattern.', 'hard', '{messaging,consistency,outbox}'),
  ('backend-011', 'custom', 'backend', 'Which logs, metrics and traces would you add to a new service before launching it to production?', 'easy', '{observability,logging}'),
  ('backend-012', 'custom', 'backend', 'A service works fine at low traffic, but its latency spikes under load. How would you find the bottleneck?', 'hard', '{performance,scalability}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('data-engineering-001', 'custom', 'data_engineering', 'What is the difference between ETL and ELT, and why has ELT become so common?', 'easy', '{etl,pipelines}'),
  ('data-engineering-002', 'custom', 'data_engineering', 'Explain the difference between a star schema and a snowflake schema. When would you use each?', 'easy', '{data-modeling,warehousing}'),
  ('data-engineering-003', 'custom', 'data_engineering', 'How do you handle late-arriving data in a streaming pipeline? Explain event time, watermarks and windowing.', 'hard', '{streaming,windowing}'),
  ('data-engineering-004', 'custom', 'data_engineering', 'What does it mean for a pipeline to be idempotent, and how do you design backfills that can safely be rerun?', 'medium', '{pipelines,idempotency,backfills}'),
  ('data-engineering-005', 'custom', 'data_engineering', 'How would you model a customer dimension whose attributes, such as address, change over time? Explain slowly changing dimensions.', 'medium', '{data-modeling,scd}'),
  ('data-engineering-006', 'custom', 'data_engineering', 'Compare row-oriented storage with columnar formats such as Parquet. Why do columnar formats speed up analytical queries?', 'easy', '{storage,parquet,analytics}'),
  ('data-engineering-007', 'custom', 'data_engineering', 'How would you detect and handle data quality problems before they reach business dashboards?', 'medium', '{data-quality,testing}'),
  ('data-engineering-008', 'custom', 'data_engineering', 'A Spark job that used to take ten minutes now takes two hours. How would you investigate it?', 'medium', '{spark,performance,debugging}'),
  ('data-engineering-009', 'custom', 'data_engineering', 'Explain partitioning and bucketing in a data lake. How do you choose a good partition key?', 'medium', '{partitioning,storage}'),
  ('data-engineering-010', 'custom', 'data_engineering', 'How would you achieve exactly-once processing from Kafka into a data warehouse? Is it truly possible?', 'hard', '{streaming,kafka,exactly-once}'),
  ('data-engineering-011', 'custom', 'data_engineering', 'How would you orchestrate hundreds of interdependent batch jobs? What should happen when an upstream job fails?', 'medium', '{orchestration,airflow}'),
  ('data-engineering-012', 'custom', 'data_engineering', 'Design a change data capture pipeline that replicates an operational Postgres database into a warehouse with minimal lag.', 'hard', '{cdc,replication,architecture}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('product-management-001', 'custom', 'product_management', 'What is your favorite product, and how would you improve it?', 'easy', '{product-sense,design}'),
  ('product-management-002', 'custom', 'product_management', 'How do you prioritize a backlog when sales, support and engineering all want different things?', 'medium', '{prioritization,stakeholders}'),
  ('product-management-003', 'custom', 'product_management', 'How would you define success metrics for a new feature launch? Give an example of a metric that could mislead you.', 'medium', '{metrics,analytics}'),
  ('product-management-004', 'custom', 'product_management', 'Daily active users dropped ten percent overnight. Walk me through how you would investigate.', 'hard', '{metrics,root-cause}'),
  ('product-management-005', 'custom', 'product_management', 'How do you decide whether to build a capability in-house, buy a tool or partner with another company?', 'medium', '{strategy,build-vs-buy}'),
  ('product-management-006', 'custom', 'product_management', 'Tell me about a product decision you made that turned out to be wrong. How did you find out, and what did you do?', 'medium', '{judgment,reflection}'),
  ('product-management-007', 'custom', 'product_management', 'Engineering estimates that a feature will take three times longer than you expected. How do you work with them to decide what to do?', 'medium', '{collaboration,tradeoffs}'),
  ('product-management-008', 'custom', 'product_management', 'How would you design an A/B test for a new checkout flow, and how would you decide when to stop it?', 'hard', '{experimentation,ab-testing}'),
  ('product-management-009', 'custom', 'product_management', 'What is the difference between a product roadmap and a release plan, and who is each one for?', 'easy', '{roadmap,planning}'),
  ('product-management-010', 'custom', 'product_management', 'How do you discover and validate customer problems before writing a spec?', 'easy', '{discovery,user-research}'),
  ('product-management-011', 'custom', 'product_management', 'You are asked to launch the product in a new country. How would you decide whether it is worth doing?', 'hard', '{strategy,market-sizing}'),
  ('product-management-012', 'custom', 'product_management', 'How would you say no to a senior executive who wants a feature that does not fit the product strategy?', 'medium', '{stakeholders,communication}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;

insert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values
  ('engineering-management-001', 'custom', 'engineering_management', 'How do you run your one-on-ones, and what do you try to get out of them?', 'easy', '{one-on-ones,people}'),
  ('engineering-management-002', 'custom', 'engineering_management', 'How do you handle an engineer who is consistently underperforming? Walk me through a real example.', 'hard', '{performance-management,people}'),
  ('engineering-management-003', 'custom', 'engineering_management', 'How do you balance paying down technical debt against delivering new features?', 'medium', '{tech-debt,prioritization}'),
  ('engineering-management-004', 'custom', 'engineering_management', 'How do you measure the productivity and health of an engineering team without creating perverse incentives?', 'hard', '{metrics,team-health}'),
  ('engineering-management-005', 'custom', 'engineering_management', 'How do you help an engineer grow toward a senior or staff-level role?', 'medium', '{career-growth,mentoring}'),
  ('engineering-management-006', 'custom', 'engineering_management', 'Describe how you run hiring for your team. How do you reduce bias in interviews?', 'medium', '{hiring,interviews}'),
  ('engineering-management-007', 'custom', 'engineering_management', 'Two strong senior engineers on your team are in a persistent conflict. What do you do?', 'medium', '{conflict,people}'),
  ('engineering-management-008', 'custom', 'engineering_management', 'How do you communicate to senior leadership that your team is going to miss a committed deadline?', 'easy', '{communication,stakeholders}'),
  ('engineering-management-009', 'custom', 'engineering_management', 'Your team is burned out after a long crunch. How do you help it recover, and how do you keep it from happening again?', 'medium', '{burnout,team-health}'),
  ('engineering-management-010', 'custom', 'engineering_management', 'How do you delegate effectively, and how do you decide what you should still do yourself?', 'easy', '{delegation,leadership}'),
  ('engineering-management-011', 'custom', 'engineering_management', 'You inherit a team with low morale and a reputation for missing commitments. What do you do in your first ninety days?', 'hard', '{leadership,turnaround}'),
  ('engineering-management-012', 'custom', 'engineering_management', 'How do you run a blameless postmortem, and how do you make sure its action items actually get done?', 'medium', '{incidents,postmortems}')
on conflict (question_id) do update set
  interview_type = excluded.interview_type,
  custom_domain = excluded.custom_domain,
  question_text = excluded.question_text,
  difficulty = excluded.difficulty,
  tags = excluded.tags,
  -- The shared bank's ids are the bank's: a question imported earlier under one of them is taken back.
  owner_id = null,
  is_active = true;
