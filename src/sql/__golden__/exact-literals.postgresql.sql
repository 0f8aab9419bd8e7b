SELECT "t1"."dept","t1"."course",("t1"."course" + $1::bigint) AS "big",("t1"."credits" * $2::numeric) AS "fraction",("t1"."credits" * $3::numeric) AS "half" FROM "tutorial_university"."course" AS "t1"
-- params: ["9007199254740993","0.1234567890123456789","0.5"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."course" AS "t1"
