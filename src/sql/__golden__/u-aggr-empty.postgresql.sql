SELECT COUNT(*) AS "n" FROM "tutorial_university"."student" AS "t1"
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT COUNT(*) AS "n" FROM "tutorial_university"."student" AS "t1") AS "s2"
