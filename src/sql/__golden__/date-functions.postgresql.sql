SELECT "t1"."student_id",EXTRACT(YEAR FROM "t1"."date_of_birth")::int AS "born",(($1)::date - ("t1"."date_of_birth")::date) AS "age_days" FROM "tutorial_university"."student" AS "t1"
-- params: ["2020-01-01"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."student" AS "t1"
