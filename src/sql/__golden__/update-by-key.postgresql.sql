UPDATE "tutorial_university"."department" SET "dept_name" = $1 WHERE ("dept" = $2)
-- params: ["Biology","BIOL"]
-- count:
SELECT COUNT(*) AS "count" FROM "tutorial_university"."department" AS "t1" WHERE ("t1"."dept" = $1)
-- params: ["BIOL"]
