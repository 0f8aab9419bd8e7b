SELECT "t1"."dept","t1"."course","t1"."course_name","t1"."credits","t2"."dept_name" FROM "tutorial_university"."course" AS "t1" JOIN "tutorial_university"."department" AS "t2" ON ("t1"."dept" = "t2"."dept")
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."course" AS "t1" JOIN "tutorial_university"."department" AS "t2" ON ("t1"."dept" = "t2"."dept")
