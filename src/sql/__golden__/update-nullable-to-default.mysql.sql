UPDATE `oracle_types`.`subject` SET `weight` = DEFAULT, `meta` = ? WHERE (`subject_id` = ?)
-- params: [null,1n]
-- count:
SELECT COUNT(*) AS `count` FROM `oracle_types`.`subject` AS `t1` WHERE (`t1`.`subject_id` = ?)
-- params: [1n]
