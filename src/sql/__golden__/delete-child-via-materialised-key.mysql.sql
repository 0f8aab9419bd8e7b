DELETE FROM `tutorial_university`.`enroll` WHERE (`student_id` IN (?, ?))
-- params: [100n,101n]
