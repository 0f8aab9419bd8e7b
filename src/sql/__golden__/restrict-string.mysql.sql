SELECT `t1`.`dept`,`t1`.`course`,`t1`.`course_name`,`t1`.`credits` FROM `tutorial_university`.`course` AS `t1` WHERE ((`t1`.`credits` > CAST(? AS DECIMAL(2,1))) AND (`t1`.`course_name` LIKE ?))
-- params: ["3.5","Intro%"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`course` AS `t1` WHERE ((`t1`.`credits` > CAST(? AS DECIMAL(2,1))) AND (`t1`.`course_name` LIKE ?))
