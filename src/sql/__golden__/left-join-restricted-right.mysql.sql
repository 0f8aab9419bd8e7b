SELECT `t1`.`student_id`,`t1`.`first_name`,`t1`.`last_name`,`t1`.`sex`,`t1`.`date_of_birth`,`t1`.`home_city`,`t1`.`home_state`,`s3`.`dept`,`s3`.`declare_date` FROM `tutorial_university`.`student` AS `t1` LEFT JOIN (SELECT `t2`.`student_id`,`t2`.`dept`,`t2`.`declare_date` FROM `tutorial_university`.`student_major` AS `t2` WHERE (`t2`.`dept` = ?)) AS `s3` ON (`t1`.`student_id` = `s3`.`student_id`)
-- params: ["CS"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`student` AS `t1` LEFT JOIN (SELECT `t2`.`student_id`,`t2`.`dept`,`t2`.`declare_date` FROM `tutorial_university`.`student_major` AS `t2` WHERE (`t2`.`dept` = ?)) AS `s3` ON (`t1`.`student_id` = `s3`.`student_id`)
