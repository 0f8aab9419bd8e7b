SELECT "s2"."student_id","s2"."first_name","s2"."last_name","s2"."sex","s2"."date_of_birth","s2"."home_city","s2"."home_state" FROM (SELECT "t1"."student_id","t1"."first_name","t1"."last_name","t1"."sex","t1"."date_of_birth","t1"."home_city","t1"."home_state" FROM "tutorial_university"."student" AS "t1" ORDER BY "t1"."student_id" LIMIT 5) AS "s2" WHERE ("s2"."sex" = $1)
-- params: ["F"]
-- count:
SELECT COUNT(*) AS "count" FROM (SELECT "t1"."student_id","t1"."first_name","t1"."last_name","t1"."sex","t1"."date_of_birth","t1"."home_city","t1"."home_state" FROM "tutorial_university"."student" AS "t1" ORDER BY "t1"."student_id" LIMIT 5) AS "s2" WHERE ("s2"."sex" = $1)
