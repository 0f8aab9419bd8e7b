SELECT `t1`.`student_id`,`t2`.`dept`,`t2`.`course`,`t2`.`term_year`,`t2`.`term`,`t2`.`section`,`t1`.`first_name`,`t1`.`last_name`,`t1`.`sex`,`t1`.`date_of_birth`,`t1`.`home_city`,`t1`.`home_state`,`t3`.`course_name`,`t3`.`credits` FROM `tutorial_university`.`student` AS `t1` JOIN `tutorial_university`.`enroll` AS `t2` ON (`t1`.`student_id` = `t2`.`student_id`) JOIN `tutorial_university`.`course` AS `t3` ON ((`t2`.`dept` = `t3`.`dept`) AND (`t2`.`course` = `t3`.`course`))
-- params: []
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`student` AS `t1` JOIN `tutorial_university`.`enroll` AS `t2` ON (`t1`.`student_id` = `t2`.`student_id`) JOIN `tutorial_university`.`course` AS `t3` ON ((`t2`.`dept` = `t3`.`dept`) AND (`t2`.`course` = `t3`.`course`))
