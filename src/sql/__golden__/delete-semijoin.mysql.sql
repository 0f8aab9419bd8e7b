DELETE FROM `tutorial_university`.`student` WHERE (`student_id` IN (SELECT `t1`.`student_id` FROM `tutorial_university`.`enroll` AS `t1` WHERE (`t1`.`dept` = ?)))
-- params: ["MATH"]
