SELECT "t1"."dept","t1"."course",("t1"."credits" * $1::integer) AS "double_credits" FROM "tutorial_university"."course" AS "t1" WHERE (("t1"."credits" * $2::integer) > $3)
-- params: [2,2,6]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."course" AS "t1" WHERE (("t1"."credits" * $1::integer) > $2)
