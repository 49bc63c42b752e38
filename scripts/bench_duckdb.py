"""formats.md's schools report in DuckDB SQL, over a folder of formats.md CSV files.

The yardstick for `showup report schools --from DIR` (scripts/bench.sh, docs/benchmarks.md):
the same definitions written independently, as an analyst would in SQL.

    python scripts/bench_duckdb.py DIR AS_OF [MIN_DAYS] [PERIODS_PER_DAY]

Prints the report as CSV, byte for byte as showup prints it; the query time goes to stderr.
"""

import sys
import time

import duckdb

SQL = """
WITH
csv_schools AS (SELECT * FROM read_csv('{dir}/schools.csv', header = true, all_varchar = true)),
csv_calendar AS (SELECT * FROM read_csv('{dir}/calendar.csv', header = true, all_varchar = true)),
csv_enrollments AS (SELECT * FROM read_csv('{dir}/enrollments.csv', header = true, all_varchar = true)),
csv_attendance AS (SELECT * FROM read_csv('{dir}/attendance.csv', header = true, all_varchar = true,
                                          quote = '"', escape = '"')),
schools AS (SELECT DISTINCT trim(school_id) AS school_id FROM csv_schools),
calendar AS (
    SELECT DISTINCT trim(school_id) AS school_id, CAST(trim(date) AS DATE) AS day FROM csv_calendar
),
-- Spans that began by as_of, each ending at min(exit_date, as_of).
spans AS (
    SELECT trim(student_id) AS student_id, trim(school_id) AS school_id,
           CAST(trim(entry_date) AS DATE) AS entry_date,
           least(coalesce(CAST(NULLIF(trim(exit_date), '') AS DATE), DATE '{as_of}'), DATE '{as_of}') AS last_day
    FROM csv_enrollments
    WHERE CAST(trim(entry_date) AS DATE) <= DATE '{as_of}'
),
-- days_enrolled: the school's instructional days within any span, each once.
enrolled_days AS (
    SELECT DISTINCT s.student_id, s.school_id, c.day
    FROM spans s JOIN calendar c
      ON c.school_id = s.school_id AND c.day BETWEEN s.entry_date AND s.last_day
),
days_enrolled AS (
    SELECT s.student_id, s.school_id, count(d.day) AS days_enrolled
    FROM (SELECT DISTINCT student_id, school_id FROM spans) s
    LEFT JOIN enrolled_days d USING (student_id, school_id)
    GROUP BY ALL
),
-- fraction_absent in ten-thousandths of a day; defaults: 1 for absences, 0 for present/tardy.
rows AS (
    SELECT trim(student_id) AS student_id, trim(school_id) AS school_id,
           CAST(trim(date) AS DATE) AS day,
           NULLIF(trim(period), '') AS period,
           CASE
               WHEN NULLIF(trim(fraction_absent), '') IS NOT NULL
                   THEN CAST(round(CAST(trim(fraction_absent) AS DECIMAL(9, 4)) * 10000) AS BIGINT)
               WHEN regexp_replace(lower(trim(status)), '[ -]', '_', 'g') IN
                    ('excused_absence', 'excused', 'unexcused_absence', 'unexcused',
                     'suspension', 'out_of_school_suspension')
                   THEN 10000
               ELSE 0
           END AS units
    FROM csv_attendance
),
-- A day's share missed: its whole-day row, else its periods by the share rule
-- (periods missed / periods in the day, to the nearest ten-thousandth, half up).
day_units AS (
    SELECT student_id, school_id, day,
           coalesce(
               max(units) FILTER (WHERE period IS NULL),
               (2 * least(sum(units) FILTER (WHERE period IS NOT NULL), {periods} * 10000) + {periods})
                   // (2 * {periods})
           ) AS units
    FROM rows
    GROUP BY ALL
),
absent AS (
    SELECT d.student_id, d.school_id, sum(u.units) AS absent_units
    FROM enrolled_days d JOIN day_units u USING (student_id, school_id, day)
    GROUP BY ALL
),
per_school AS (
    SELECT e.student_id, e.school_id, e.days_enrolled, coalesce(a.absent_units, 0) AS absent_units
    FROM days_enrolled e LEFT JOIN absent a USING (student_id, school_id)
),
per_student AS (
    SELECT student_id, sum(days_enrolled) AS days_enrolled, sum(absent_units) AS absent_units
    FROM per_school GROUP BY student_id
),
-- Bands on exact integers: rate >= t / 10000  <=>  absent_units >= t * days_enrolled.
banded AS (
    SELECT school_id, CASE
               WHEN absent_units >= 2000 * days_enrolled THEN 'severe'
               WHEN absent_units >= 1000 * days_enrolled THEN 'moderate'
               WHEN absent_units >= 500 * days_enrolled THEN 'at_risk'
               ELSE 'satisfactory' END AS band
    FROM per_school WHERE days_enrolled >= {min_days}
    UNION ALL
    SELECT '*', CASE
               WHEN absent_units >= 2000 * days_enrolled THEN 'severe'
               WHEN absent_units >= 1000 * days_enrolled THEN 'moderate'
               WHEN absent_units >= 500 * days_enrolled THEN 'at_risk'
               ELSE 'satisfactory' END
    FROM per_student WHERE days_enrolled >= {min_days}
),
counted AS (
    SELECT k.school_id,
           count(b.band) AS students,
           count(*) FILTER (WHERE b.band = 'satisfactory') AS satisfactory,
           count(*) FILTER (WHERE b.band = 'at_risk') AS at_risk,
           count(*) FILTER (WHERE b.band = 'moderate') AS moderate,
           count(*) FILTER (WHERE b.band = 'severe') AS severe
    FROM (SELECT school_id FROM schools UNION SELECT school_id FROM per_school UNION SELECT '*') k
    LEFT JOIN banded b USING (school_id)
    GROUP BY k.school_id
)
SELECT school_id, students, satisfactory, at_risk, moderate, severe, moderate + severe AS chronic,
       CASE WHEN students = 0 THEN 0
            ELSE (2 * (moderate + severe) * 10000 + students) // (2 * students) END AS chronic_bp
FROM counted
ORDER BY school_id = '*', school_id
"""


def main() -> None:
    folder, as_of = sys.argv[1], sys.argv[2]
    min_days = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    periods = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    con = duckdb.connect()
    started = time.perf_counter()
    sql = SQL.format(dir=folder, as_of=as_of, min_days=min_days, periods=periods)
    rows = con.execute(sql).fetchall()
    took = time.perf_counter() - started
    lines = ["school_id,students,satisfactory,at_risk,moderate,severe,chronic,chronic_rate"]
    for school, students, sat, risk, mod, sev, chronic, bp in rows:
        lines.append(f"{school},{students},{sat},{risk},{mod},{sev},{chronic},{bp // 10000}.{bp % 10000:04d}")
    print("\n".join(lines))
    print(f"duckdb {duckdb.__version__}: query {took:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
