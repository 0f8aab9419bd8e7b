SELECT `t1`.`dept`,`t1`.`course`,(`t1`.`course` + ?) AS `big`,(`t1`.`credits` * CAST(? AS DECIMAL(19,19))) AS `fraction`,(`t1`.`credits` * CAST(? AS DECIMAL(1,1))) AS `half` FROM `tutorial_university`.`course` AS `t1`
-- params: [9007199254740993n,"0.1234567890123456789","0.5"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`course` AS `t1`
