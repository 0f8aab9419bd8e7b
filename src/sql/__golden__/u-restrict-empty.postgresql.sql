SELECT DISTINCT TRUE AS "no_attributes" FROM "tutorial_university"."student" AS "t1"
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT DISTINCT TRUE AS "no_attributes" FROM "tutorial_university"."student" AS "t1") AS "s2"
