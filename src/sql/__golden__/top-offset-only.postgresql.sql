SELECT "t1"."dept","t1"."dept_name" FROM "tutorial_university"."department" AS "t1" ORDER BY "t1"."dept" LIMIT 999999999999 OFFSET 2
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT "t1"."dept","t1"."dept_name" FROM "tutorial_university"."department" AS "t1" ORDER BY "t1"."dept" LIMIT 999999999999 OFFSET 2) AS "s2"
