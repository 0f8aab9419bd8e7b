SELECT `t1`.`dept`,`t1`.`course`,`t1`.`credits`,(`t1`.`credits` * ?) AS `double_credits` FROM `tutorial_university`.`course` AS `t1`
-- params: [2n]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`course` AS `t1`
