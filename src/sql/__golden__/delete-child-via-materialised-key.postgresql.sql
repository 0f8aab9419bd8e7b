DELETE FROM "tutorial_university"."enroll" WHERE ("student_id" IN ($1, $2))
-- params: [100,101]
