SELECT `t1`.`student_id`,`t1`.`first_name`,`t1`.`last_name`,`t1`.`sex`,`t1`.`date_of_birth`,`t1`.`home_city`,`t1`.`home_state` FROM `tutorial_university`.`student` AS `t1` WHERE (`t1`.`student_id` IN (SELECT `t2`.`student_id` FROM `tutorial_university`.`enroll` AS `t2` WHERE (`t2`.`dept` = ?)))
-- params: ["MATH"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`student` AS `t1` WHERE (`t1`.`student_id` IN (SELECT `t2`.`student_id` FROM `tutorial_university`.`enroll` AS `t2` WHERE (`t2`.`dept` = ?)))
