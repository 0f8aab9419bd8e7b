SELECT "t1"."student_id","t1"."last_name","t2"."dept","t2"."declare_date" FROM "tutorial_university"."student" AS "t1" LEFT JOIN "tutorial_university"."student_major" AS "t2" ON ("t1"."student_id" = "t2"."student_id")
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."student" AS "t1" LEFT JOIN "tutorial_university"."student_major" AS "t2" ON ("t1"."student_id" = "t2"."student_id")
