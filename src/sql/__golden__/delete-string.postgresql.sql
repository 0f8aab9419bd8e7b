DELETE FROM "tutorial_university"."course" WHERE (("credits" > $1::numeric) AND ("course_name" LIKE $2))
-- params: ["3.5","Intro%"]
