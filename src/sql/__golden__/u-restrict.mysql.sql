SELECT DISTINCT `t1`.`home_state` FROM `tutorial_university`.`student` AS `t1`
-- params: []
-- count:
SELECT COUNT(*) AS `count` FROM (SELECT DISTINCT `t1`.`home_state` FROM `tutorial_university`.`student` AS `t1`) AS `s2`
