SELECT "t1"."student_id",COUNT(*) AS "n" FROM "tutorial_university"."student" AS "t1" JOIN "tutorial_university"."enroll" AS "t2" ON ("t1"."student_id" = "t2"."student_id") WHERE ("t2"."term" = $1) GROUP BY "t1"."student_id"
-- params: ["Fall"]
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT "t1"."student_id",COUNT(*) AS "n" FROM "tutorial_university"."student" AS "t1" JOIN "tutorial_university"."enroll" AS "t2" ON ("t1"."student_id" = "t2"."student_id") WHERE ("t2"."term" = $1) GROUP BY "t1"."student_id") AS "s3"
