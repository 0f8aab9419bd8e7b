DELETE FROM `tutorial_university`.`enroll` WHERE (`student_id` IN (SELECT `t1`.`student_id` FROM `tutorial_university`.`student` AS `t1` WHERE (`t1`.`home_state` = ?)))
-- params: ["UT"]
