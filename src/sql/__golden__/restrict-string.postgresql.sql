SELECT "t1"."dept","t1"."course","t1"."course_name","t1"."credits" FROM "tutorial_university"."course" AS "t1" WHERE (("t1"."credits" > $1::numeric) AND ("t1"."course_name" LIKE $2))
-- params: ["3.5","Intro%"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."course" AS "t1" WHERE (("t1"."credits" > $1::numeric) AND ("t1"."course_name" LIKE $2))
