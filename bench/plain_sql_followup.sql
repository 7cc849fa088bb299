-- The follow-up of DOMAIN.md §9 as ONE plain SQL query over the raw `events` table (SQLite 3.40:
-- CTEs, window functions, json_extract on `body`). It is the baseline the benchmark compares with
-- the C++ report (src/domain/report.cpp), which reads the per-person binary digests instead; the
-- cross-check is tests/integration/plain_sql_test.cpp.
--
-- Parameter: ?1 = the as-of date, text 'YYYY-MM-DD'.
--
-- Needs: a TEMP table `closed_days(date TEXT PRIMARY KEY)` holding every Swedish public holiday
-- and closed eve (DOMAIN.md §7) of the years involved, filled from the C++ ClosedDays() before the
-- query runs (bench/plain_sql_followup.cpp fills 1900–2200). Plain SQL has no holiday calendar;
-- the rest of the working-day rule (Monday–Friday) is arithmetic on the Julian day number.
--
-- One row per municipality of a first registration (the cohort's municipalities), ordered by
-- municipality, with these integer columns after `municipality`:
--   cohort, se_granted, se_pending, ae_granted, sp_granted, coordinated_rehab, se_denied,
--   ae_denied, se_or_ae_granted, exited_total, referrals, contacted, contacted_within_3,
--   callback_median_x2, referrals_overdue_open, sick_leave_spells, spells_on_time,
--   spells_overdue_open, te_se_0..te_se_9, te_ae_0..te_ae_9 (time on EB at the first grant,
--   buckets "<1" … ">9"), exit_<reason> for each reason of §5.10 in order.
--
-- Differences in form from the C++ report (not in meaning):
--   * callback_median_x2 is TWICE the median callback working days (an integer), NULL when no
--     referral has been called back.
--   * Shares are not computed: se_or_ae_granted_share = se_or_ae_granted / cohort,
--     within_3_working_days_share = contacted_within_3 / contacted, within_2_months_share =
--     spells_on_time / sick_leave_spells (then rounded to 4 decimals).
--   * No `total` row and no --municipality filter: the total of the counts is the sum of the
--     rows; the total's median cannot be derived from the rows (it would need its own query).
-- Left out: nothing else of §9/§10's JSON form. (The "over time" and questionnaire parts of §9
-- are not in the C++ report either.)
--
-- Semantics, as in report.cpp / case.cpp: events dated after ?1 are ignored; the case order is
-- (date, sequence); the cohort is the persons with a target_group_identified dated <= ?1, under
-- the municipality of the first one; EB periods count only in that municipality (start and end
-- events there alternate, so the k-th end closes the k-th start); periods merge when the days
-- strictly between one's end and the next start are <= 90; whole years count on anniversaries
-- (29 February -> 28 February in common years); sick-leave spells join certificates while
-- next.from <= the spell's end + 1 day; a spell's stance is the first one dated in
-- [start, next spell's start), due start + 2 months clamped to the month's end.
WITH
-- The first registration of each person by the as-of date.
reg AS MATERIALIZED (
  SELECT pid, m FROM (
    SELECT person_id AS pid, json_extract(body, '$.municipality') AS m,
           row_number() OVER (PARTITION BY person_id ORDER BY date, sequence) AS rn
    FROM events
    WHERE type = 'target_group_identified' AND date <= ?1 AND person_id IS NOT NULL)
  WHERE rn = 1
),
-- The cohort's events by the as-of date that any figure reads, with the body fields they need.
ce AS MATERIALIZED (
  SELECT e.person_id AS pid, e.sequence AS seq, e.type, e.date, r.m,
         CASE WHEN e.type IN ('eb_period_started', 'eb_period_ended')
              THEN json_extract(e.body, '$.municipality') END AS eb_m,
         CASE WHEN e.type = 'eb_period_ended' THEN json_extract(e.body, '$.reason') END AS reason,
         CASE WHEN e.type IN ('benefit_applied', 'benefit_decided')
              THEN json_extract(e.body, '$.benefit') END AS benefit,
         CASE WHEN e.type = 'benefit_decided' THEN json_extract(e.body, '$.outcome') END AS outcome,
         CASE WHEN e.type IN ('fk_referral_sent', 'fk_contact_made')
              THEN json_extract(e.body, '$.referral_id') END AS ref_id,
         CASE WHEN e.type = 'sick_certificate' THEN json_extract(e.body, '$.from') END AS cert_from,
         CASE WHEN e.type = 'sick_certificate' THEN json_extract(e.body, '$.to') END AS cert_to
  FROM events e JOIN reg r ON r.pid = e.person_id
  WHERE e.date <= ?1
    AND e.type IN ('eb_period_started', 'eb_period_ended', 'fk_coordination_started',
                   'avstamningsmote_held', 'fk_referral_sent', 'fk_contact_made', 'benefit_applied',
                   'benefit_decided', 'sick_certificate', 'stance_taken')
),
-- Snapshot and during-the-period flags, per person.
flags AS (
  SELECT pid,
         max(type IN ('fk_coordination_started', 'avstamningsmote_held')) AS coordinated,
         min(CASE WHEN type = 'benefit_decided' AND benefit = 'sjukersattning' AND outcome = 'granted'
                  THEN date END) AS se_grant,
         min(CASE WHEN type = 'benefit_decided' AND benefit = 'aktivitetsersattning' AND outcome = 'granted'
                  THEN date END) AS ae_grant,
         max(type = 'benefit_decided' AND benefit IN ('sjukpenning', 'sjukpenning_sarskilda_fall')
             AND outcome = 'granted') AS sp_granted,
         max(type = 'benefit_decided' AND benefit = 'sjukersattning' AND outcome = 'denied') AS se_denied,
         max(type = 'benefit_decided' AND benefit = 'aktivitetsersattning' AND outcome = 'denied') AS ae_denied,
         max(CASE WHEN type = 'benefit_applied' AND benefit = 'sjukersattning' THEN date END) AS se_applied,
         max(CASE WHEN type = 'benefit_decided' AND benefit = 'sjukersattning' THEN date END) AS se_decided
  FROM ce GROUP BY pid
),
-- EB starts and ends in the registration municipality, numbered per kind in case order.
eb AS MATERIALIZED (
  SELECT pid, type, date, reason,
         row_number() OVER (PARTITION BY pid, type ORDER BY date, seq) AS k
  FROM ce WHERE type IN ('eb_period_started', 'eb_period_ended') AND eb_m = m
),
periods AS MATERIALIZED (
  SELECT s.pid, s.k, s.date AS start, e.date AS end_date, e.reason
  FROM eb s LEFT JOIN eb e ON e.pid = s.pid AND e.type = 'eb_period_ended' AND e.k = s.k
  WHERE s.type = 'eb_period_started'
),
-- The first day of each merged period: a period starts a new one unless the previous period is
-- open or the days without EB between them are at most 90.
merged_starts AS MATERIALIZED (
  SELECT pid, start FROM (
    SELECT pid, k, start, lag(end_date) OVER (PARTITION BY pid ORDER BY k) AS prev_end FROM periods)
  WHERE k = 1 OR (prev_end IS NOT NULL AND julianday(start) - julianday(prev_end) - 1 > 90)
),
-- Exits: had EB here and no period open; the reason of the period that ended last (ends are in
-- case order, and the last of equal end dates wins, so that is the last period).
exits AS (
  SELECT pid, reason FROM (
    SELECT pid, reason,
           row_number() OVER (PARTITION BY pid ORDER BY k DESC) AS rn,
           count(*) OVER (PARTITION BY pid) - count(end_date) OVER (PARTITION BY pid) AS open_periods
    FROM periods)
  WHERE rn = 1 AND open_periods = 0
),
-- Time on EB at the first grant: from the merged period with the latest start on or before the
-- decision (it contains the decision, or else it is the last one ended before it).
grants AS (
  SELECT pid, 'se' AS b, se_grant AS d FROM flags WHERE se_grant IS NOT NULL
  UNION ALL
  SELECT pid, 'ae', ae_grant FROM flags WHERE ae_grant IS NOT NULL
),
grant_from AS (
  SELECT g.pid, g.b, g.d, max(s.start) AS f
  FROM grants g JOIN merged_starts s ON s.pid = g.pid AND s.start <= g.d
  GROUP BY g.pid, g.b
),
buckets AS MATERIALIZED (
  SELECT pid,
         max(CASE WHEN b = 'se' THEN bucket END) AS se_bucket,
         max(CASE WHEN b = 'ae' THEN bucket END) AS ae_bucket
  FROM (SELECT pid, b, min(9, y2 - y1 - (y2 > y1 AND anniversary > substr(d, 6))) AS bucket
        FROM (SELECT pid, b, d,
                     CAST(substr(f, 1, 4) AS INTEGER) AS y1,
                     CAST(substr(d, 1, 4) AS INTEGER) AS y2,
                     CASE WHEN substr(f, 6) = '02-29'
                          THEN substr(date(substr(d, 1, 4) || '-03-01', '-1 day'), 6)
                          ELSE substr(f, 6) END AS anniversary
              FROM grant_from))
  GROUP BY pid
),
-- Per person.
person_figures AS (
  SELECT r.pid, r.m,
         coalesce(f.coordinated, 0) AS coordinated,
         f.se_grant IS NOT NULL AS se_granted,
         f.ae_grant IS NOT NULL AS ae_granted,
         coalesce(f.sp_granted, 0) AS sp_granted,
         coalesce(f.se_denied, 0) AS se_denied,
         coalesce(f.ae_denied, 0) AS ae_denied,
         f.se_applied IS NOT NULL AND (f.se_decided IS NULL OR f.se_decided < f.se_applied) AS se_pending,
         bk.se_bucket, bk.ae_bucket,
         x.pid IS NOT NULL AS exited, x.reason AS exit_reason
  FROM reg r
  LEFT JOIN flags f ON f.pid = r.pid
  LEFT JOIN buckets bk ON bk.pid = r.pid
  LEFT JOIN exits x ON x.pid = r.pid
),
by_municipality AS (
  SELECT m,
         count(*) AS cohort,
         sum(se_granted) AS se_granted,
         sum(se_pending) AS se_pending,
         sum(ae_granted) AS ae_granted,
         sum(sp_granted) AS sp_granted,
         sum(coordinated) AS coordinated_rehab,
         sum(se_denied) AS se_denied,
         sum(ae_denied) AS ae_denied,
         sum(se_granted OR ae_granted) AS se_or_ae_granted,
         sum(exited) AS exited_total,
         count(*) FILTER (WHERE se_bucket = 0) AS te_se_0,
         count(*) FILTER (WHERE se_bucket = 1) AS te_se_1,
         count(*) FILTER (WHERE se_bucket = 2) AS te_se_2,
         count(*) FILTER (WHERE se_bucket = 3) AS te_se_3,
         count(*) FILTER (WHERE se_bucket = 4) AS te_se_4,
         count(*) FILTER (WHERE se_bucket = 5) AS te_se_5,
         count(*) FILTER (WHERE se_bucket = 6) AS te_se_6,
         count(*) FILTER (WHERE se_bucket = 7) AS te_se_7,
         count(*) FILTER (WHERE se_bucket = 8) AS te_se_8,
         count(*) FILTER (WHERE se_bucket = 9) AS te_se_9,
         count(*) FILTER (WHERE ae_bucket = 0) AS te_ae_0,
         count(*) FILTER (WHERE ae_bucket = 1) AS te_ae_1,
         count(*) FILTER (WHERE ae_bucket = 2) AS te_ae_2,
         count(*) FILTER (WHERE ae_bucket = 3) AS te_ae_3,
         count(*) FILTER (WHERE ae_bucket = 4) AS te_ae_4,
         count(*) FILTER (WHERE ae_bucket = 5) AS te_ae_5,
         count(*) FILTER (WHERE ae_bucket = 6) AS te_ae_6,
         count(*) FILTER (WHERE ae_bucket = 7) AS te_ae_7,
         count(*) FILTER (WHERE ae_bucket = 8) AS te_ae_8,
         count(*) FILTER (WHERE ae_bucket = 9) AS te_ae_9,
         count(*) FILTER (WHERE exit_reason = 'sjukersattning') AS exit_sjukersattning,
         count(*) FILTER (WHERE exit_reason = 'aktivitetsersattning') AS exit_aktivitetsersattning,
         count(*) FILTER (WHERE exit_reason = 'sjukpenning') AS exit_sjukpenning,
         count(*) FILTER (WHERE exit_reason = 'anstallning') AS exit_anstallning,
         count(*) FILTER (WHERE exit_reason = 'make_maka_inkomst') AS exit_make_maka_inkomst,
         count(*) FILTER (WHERE exit_reason = 'alderspension') AS exit_alderspension,
         count(*) FILTER (WHERE exit_reason = 'avliden') AS exit_avliden,
         count(*) FILTER (WHERE exit_reason = 'flyttat') AS exit_flyttat,
         count(*) FILTER (WHERE exit_reason = 'studier') AS exit_studier,
         count(*) FILTER (WHERE exit_reason = 'annan_ersattning') AS exit_annan_ersattning,
         count(*) FILTER (WHERE exit_reason = 'okand') AS exit_okand
  FROM person_figures GROUP BY m
),
-- FK referrals and their callbacks (ids are unique per person; a callback follows its referral).
contacts AS (
  SELECT pid, ref_id, min(date) AS date FROM ce WHERE type = 'fk_contact_made' GROUP BY pid, ref_id
),
referrals AS (
  SELECT r.m, r.date AS sent, c.date AS contacted,
         CAST(julianday(r.date) + 0.5 AS INTEGER) + 1 AS j_sent,
         CAST(julianday(c.date) + 0.5 AS INTEGER) + 1 AS j_contacted,
         CAST(julianday(?1) + 0.5 AS INTEGER) AS j_as_of
  FROM ce r LEFT JOIN contacts c ON c.pid = r.pid AND c.ref_id = r.ref_id
  WHERE r.type = 'fk_referral_sent'
),
-- Working days in (a, b]: Monday–Friday by the Julian day number (JDN 0 is a Monday; F(j) =
-- j / 7 * 5 + min(j % 7, 5) counts the weekdays with JDN < j), less the closed weekdays.
referral_days AS (
  SELECT m, contacted,
         CASE WHEN contacted IS NOT NULL THEN max(0,
           (j_contacted / 7 * 5 + min(j_contacted % 7, 5)) - (j_sent / 7 * 5 + min(j_sent % 7, 5))
           - (SELECT count(*) FROM closed_days
              WHERE date > sent AND date <= contacted AND strftime('%w', date) NOT IN ('0', '6')))
         END AS days,
         -- Not called back and the 3rd working day after the referral is before the as-of date:
         -- at least 3 working days in (sent, as-of - 1].
         contacted IS NULL AND
           (j_as_of / 7 * 5 + min(j_as_of % 7, 5)) - (j_sent / 7 * 5 + min(j_sent % 7, 5))
           - (SELECT count(*) FROM closed_days
              WHERE date > sent AND date < ?1 AND strftime('%w', date) NOT IN ('0', '6')) >= 3
           AS overdue_open
  FROM referrals
),
referral_totals AS (
  SELECT m, count(*) AS referrals, count(contacted) AS contacted,
         coalesce(sum(days <= 3), 0) AS contacted_within_3,
         sum(overdue_open) AS referrals_overdue_open
  FROM referral_days GROUP BY m
),
callback_median AS (
  SELECT m, CASE WHEN max(n) % 2 = 1 THEN 2 * sum(days) ELSE sum(days) END AS median_x2
  FROM (SELECT m, days, row_number() OVER (PARTITION BY m ORDER BY days) AS rn,
               count(*) OVER (PARTITION BY m) AS n
        FROM referral_days WHERE days IS NOT NULL)
  WHERE rn IN ((n + 1) / 2, n / 2 + 1)
  GROUP BY m
),
-- Sick-leave spells: a certificate starts a new spell when its `from` is after the end of all
-- earlier ones (by `from`) plus one day.
certs AS (
  SELECT pid, m, cert_from AS f,
         max(cert_to) OVER (PARTITION BY pid ORDER BY cert_from, cert_to
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM ce WHERE type = 'sick_certificate'
),
spells AS (
  SELECT pid, m, f AS start, lead(f) OVER (PARTITION BY pid ORDER BY f) AS next_start,
         min(date(f, 'start of month', '+2 months', '+' || (CAST(substr(f, 9, 2) AS INTEGER) - 1) || ' days'),
             date(f, 'start of month', '+3 months', '-1 day')) AS due
  FROM certs WHERE prev_end IS NULL OR f > date(prev_end, '+1 day')
),
stances AS MATERIALIZED (
  SELECT pid, date FROM ce WHERE type = 'stance_taken'
),
-- The first stance in each spell's window [start, next spell's start).
spell_stances AS MATERIALIZED (
  SELECT s.m, s.due, min(st.date) AS stance
  FROM spells s LEFT JOIN stances st
    ON st.pid = s.pid AND st.date >= s.start AND (s.next_start IS NULL OR st.date < s.next_start)
  WHERE s.start <= ?1
  GROUP BY s.pid, s.start
),
spell_totals AS (
  SELECT m, count(*) AS sick_leave_spells,
         sum(stance IS NOT NULL AND stance <= due) AS spells_on_time,
         sum(stance IS NULL AND due < ?1) AS spells_overdue_open
  FROM spell_stances GROUP BY m
)
SELECT b.m AS municipality,
       b.cohort, b.se_granted, b.se_pending, b.ae_granted, b.sp_granted, b.coordinated_rehab,
       b.se_denied, b.ae_denied, b.se_or_ae_granted, b.exited_total,
       coalesce(rt.referrals, 0) AS referrals,
       coalesce(rt.contacted, 0) AS contacted,
       coalesce(rt.contacted_within_3, 0) AS contacted_within_3,
       cm.median_x2 AS callback_median_x2,
       coalesce(rt.referrals_overdue_open, 0) AS referrals_overdue_open,
       coalesce(st.sick_leave_spells, 0) AS sick_leave_spells,
       coalesce(st.spells_on_time, 0) AS spells_on_time,
       coalesce(st.spells_overdue_open, 0) AS spells_overdue_open,
       b.te_se_0, b.te_se_1, b.te_se_2, b.te_se_3, b.te_se_4,
       b.te_se_5, b.te_se_6, b.te_se_7, b.te_se_8, b.te_se_9,
       b.te_ae_0, b.te_ae_1, b.te_ae_2, b.te_ae_3, b.te_ae_4,
       b.te_ae_5, b.te_ae_6, b.te_ae_7, b.te_ae_8, b.te_ae_9,
       b.exit_sjukersattning, b.exit_aktivitetsersattning, b.exit_sjukpenning, b.exit_anstallning,
       b.exit_make_maka_inkomst, b.exit_alderspension, b.exit_avliden, b.exit_flyttat,
       b.exit_studier, b.exit_annan_ersattning, b.exit_okand
FROM by_municipality b
LEFT JOIN referral_totals rt ON rt.m = b.m
LEFT JOIN callback_median cm ON cm.m = b.m
LEFT JOIN spell_totals st ON st.m = b.m
ORDER BY b.m;
