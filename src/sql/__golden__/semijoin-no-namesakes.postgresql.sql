SELECT "t1"."dept","t1"."dept_name" FROM "tutorial_university"."department" AS "t1" WHERE (EXISTS (SELECT TRUE AS "one" FROM "tutorial_university"."term" AS "t2"))
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."department" AS "t1" WHERE (EXISTS (SELECT TRUE AS "one" FROM "tutorial_university"."term" AS "t2"))
