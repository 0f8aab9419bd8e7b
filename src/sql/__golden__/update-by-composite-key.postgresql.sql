UPDATE "tutorial_university"."grade" SET "grade" = $1 WHERE (("student_id" = $2::integer) AND ("dept" = $3) AND ("course" = $4::integer) AND ("term_year" = $5::integer) AND ("term" = $6) AND ("section" = $7))
-- params: ["A",100,"MATH",1210,2020,"Fall","a"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."grade" AS "t1" WHERE (("t1"."student_id" = $1::integer) AND ("t1"."dept" = $2) AND ("t1"."course" = $3::integer) AND ("t1"."term_year" = $4::integer) AND ("t1"."term" = $5) AND ("t1"."section" = $6))
-- params: [100,"MATH",1210,2020,"Fall","a"]
