SELECT "t1"."student_id","t1"."dept" AS "major","t1"."declare_date","t2"."first_name","t2"."last_name","t2"."sex","t2"."date_of_birth","t2"."home_city","t2"."home_state" FROM "tutorial_university"."student_major" AS "t1" JOIN "tutorial_university"."student" AS "t2" ON ("t1"."student_id" = "t2"."student_id")
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."student_major" AS "t1" JOIN "tutorial_university"."student" AS "t2" ON ("t1"."student_id" = "t2"."student_id")
