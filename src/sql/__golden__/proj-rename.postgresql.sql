SELECT "t1"."dept" AS "department","t1"."dept_name" FROM "tutorial_university"."department" AS "t1"
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."department" AS "t1"
