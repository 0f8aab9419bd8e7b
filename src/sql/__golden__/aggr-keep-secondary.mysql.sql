SELECT `t1`.`dept`,`t1`.`dept_name`,COUNT(*) AS `n` FROM `tutorial_university`.`department` AS `t1` LEFT JOIN `tutorial_university`.`course` AS `t2` ON (`t1`.`dept` = `t2`.`dept`) GROUP BY `t1`.`dept`, `t1`.`dept_name`
-- params: []
-- count:
SELECT COUNT(*) AS `count` FROM (SELECT `t1`.`dept`,`t1`.`dept_name`,COUNT(*) AS `n` FROM `tutorial_university`.`department` AS `t1` LEFT JOIN `tutorial_university`.`course` AS `t2` ON (`t1`.`dept` = `t2`.`dept`) GROUP BY `t1`.`dept`, `t1`.`dept_name`) AS `s3`
