UPDATE `tutorial_university`.`department` SET `dept_name` = ? WHERE (`dept` = ?)
-- params: ["Biology","BIOL"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`department` AS `t1` WHERE (`t1`.`dept` = ?)
-- params: ["BIOL"]
