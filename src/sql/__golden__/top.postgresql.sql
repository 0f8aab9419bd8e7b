SELECT "t1"."student_id","t1"."date_of_birth" FROM "tutorial_university"."student" AS "t1" ORDER BY "t1"."date_of_birth" DESC, "t1"."student_id" LIMIT 3
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT "t1"."student_id","t1"."date_of_birth" FROM "tutorial_university"."student" AS "t1" ORDER BY "t1"."date_of_birth" DESC, "t1"."student_id" LIMIT 3) AS "s2"
