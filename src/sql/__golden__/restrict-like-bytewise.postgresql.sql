SELECT "t1"."student_id","t1"."first_name","t1"."last_name","t1"."sex","t1"."date_of_birth","t1"."home_city","t1"."home_state" FROM "tutorial_university"."student" AS "t1" WHERE ("t1"."home_city" LIKE $1)
-- params: ["%-2%"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."student" AS "t1" WHERE ("t1"."home_city" LIKE $1)
