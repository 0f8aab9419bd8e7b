SELECT `t1`.`student_id`,YEAR(`t1`.`date_of_birth`) AS `born`,DATEDIFF(?, `t1`.`date_of_birth`) AS `age_days` FROM `tutorial_university`.`student` AS `t1`
-- params: ["2020-01-01"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`student` AS `t1`
