SELECT `t1`.`dept`,`t2`.`term_year`,`t2`.`term` FROM `tutorial_university`.`department` AS `t1` CROSS JOIN `tutorial_university`.`term` AS `t2`
-- params: []
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`department` AS `t1` CROSS JOIN `tutorial_university`.`term` AS `t2`
