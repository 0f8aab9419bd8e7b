DELETE FROM "tutorial_university"."student" WHERE (NOT ("student_id" IN (SELECT "t1"."student_id" FROM "tutorial_university"."student_major" AS "t1")))
-- params: []
