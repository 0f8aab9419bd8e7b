SELECT `t1`.`home_state`,COUNT(*) AS `n` FROM `tutorial_university`.`student` AS `t1` GROUP BY `t1`.`home_state`
-- params: []
-- count:
SELECT COUNT(*) AS `count` FROM (SELECT `t1`.`home_state`,COUNT(*) AS `n` FROM `tutorial_university`.`student` AS `t1` GROUP BY `t1`.`home_state`) AS `s2`
