SELECT `t1`.`dept`,`t1`.`course`,(`t1`.`credits` * ?) AS `double_credits` FROM `tutorial_university`.`course` AS `t1` WHERE ((`t1`.`credits` * ?) > ?)
-- params: [2n,2n,6]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`course` AS `t1` WHERE ((`t1`.`credits` * ?) > ?)
