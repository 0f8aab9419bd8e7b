DELETE FROM `tutorial_university`.`student` WHERE (`student_id` IN (SELECT `l2`.`student_id` FROM (SELECT `t1`.`student_id` FROM `tutorial_university`.`enroll` AS `t1` ORDER BY `t1`.`student_id`, `t1`.`dept`, `t1`.`course`, `t1`.`term_year`, `t1`.`term`, `t1`.`section` LIMIT 5) AS `l2`))
-- params: []
