SELECT `t1`.`dept`,`t1`.`course`,(COUNT(`t2`.`section`) * ?) AS `twice` FROM `tutorial_university`.`course` AS `t1` LEFT JOIN `tutorial_university`.`section` AS `t2` ON ((`t1`.`dept` = `t2`.`dept`) AND (`t1`.`course` = `t2`.`course`)) GROUP BY `t1`.`dept`, `t1`.`course`
-- params: [2n]
-- count:
SELECT COUNT(*) AS `count` FROM (SELECT `t1`.`dept`,`t1`.`course`,(COUNT(`t2`.`section`) * ?) AS `twice` FROM `tutorial_university`.`course` AS `t1` LEFT JOIN `tutorial_university`.`section` AS `t2` ON ((`t1`.`dept` = `t2`.`dept`) AND (`t1`.`course` = `t2`.`course`)) GROUP BY `t1`.`dept`, `t1`.`course`) AS `s3`
