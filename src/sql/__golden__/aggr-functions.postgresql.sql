SELECT "t1"."dept",STRING_AGG(("t2"."course_name")::text, $1::text) AS "names",SUM((("t2"."credits" > $2::integer))::int) AS "heavy",ROUND((AVG("t2"."credits"))::numeric, $3::integer) AS "avg_credits" FROM "tutorial_university"."department" AS "t1" LEFT JOIN "tutorial_university"."course" AS "t2" ON ("t1"."dept" = "t2"."dept") GROUP BY "t1"."dept"
-- params: ["; ",3,2]
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT "t1"."dept",STRING_AGG(("t2"."course_name")::text, $1::text) AS "names",SUM((("t2"."credits" > $2::integer))::int) AS "heavy",ROUND((AVG("t2"."credits"))::numeric, $3::integer) AS "avg_credits" FROM "tutorial_university"."department" AS "t1" LEFT JOIN "tutorial_university"."course" AS "t2" ON ("t1"."dept" = "t2"."dept") GROUP BY "t1"."dept") AS "s3"
