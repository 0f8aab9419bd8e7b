SELECT `t1`.`dept`,GROUP_CONCAT(`t2`.`course_name` SEPARATOR '; ') AS `names`,SUM((`t2`.`credits` > ?)) AS `heavy`,ROUND(AVG(`t2`.`credits`), ?) AS `avg_credits` FROM `tutorial_university`.`department` AS `t1` LEFT JOIN `tutorial_university`.`course` AS `t2` ON (`t1`.`dept` = `t2`.`dept`) GROUP BY `t1`.`dept`
-- params: [3n,2n]
-- count:
SELECT COUNT(*) AS `count` FROM (SELECT `t1`.`dept`,GROUP_CONCAT(`t2`.`course_name` SEPARATOR '; ') AS `names`,SUM((`t2`.`credits` > ?)) AS `heavy`,ROUND(AVG(`t2`.`credits`), ?) AS `avg_credits` FROM `tutorial_university`.`department` AS `t1` LEFT JOIN `tutorial_university`.`course` AS `t2` ON (`t1`.`dept` = `t2`.`dept`) GROUP BY `t1`.`dept`) AS `s3`
