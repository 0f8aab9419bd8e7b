SELECT "t2"."student_id","t2"."first_name","t2"."last_name","t2"."sex","t2"."date_of_birth","t2"."home_city","t2"."home_state","t1"."dept","t3"."declare_date","t1"."dept_name" FROM "tutorial_university"."department" AS "t1" CROSS JOIN "tutorial_university"."student" AS "t2" JOIN "tutorial_university"."student_major" AS "t3" ON ("t2"."student_id" = "t3"."student_id") WHERE ("t1"."dept" = "t3"."dept")
-- params: []
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."department" AS "t1" CROSS JOIN "tutorial_university"."student" AS "t2" JOIN "tutorial_university"."student_major" AS "t3" ON ("t2"."student_id" = "t3"."student_id") WHERE ("t1"."dept" = "t3"."dept")
