DELETE FROM "tutorial_university"."enroll" WHERE ("student_id" IN ($1::integer, $2::integer))
-- params: [100,101]
