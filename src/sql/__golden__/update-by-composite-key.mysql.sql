UPDATE `tutorial_university`.`grade` SET `grade` = ? WHERE ((`student_id` = ?) AND (`dept` = ?) AND (`course` = ?) AND (`term_year` = ?) AND (`term` = ?) AND (`section` = ?))
-- params: ["A",100n,"MATH",1210n,2020n,"Fall","a"]
-- count:
SELECT COUNT(*) AS `count` FROM `tutorial_university`.`grade` AS `t1` WHERE ((`t1`.`student_id` = ?) AND (`t1`.`dept` = ?) AND (`t1`.`course` = ?) AND (`t1`.`term_year` = ?) AND (`t1`.`term` = ?) AND (`t1`.`section` = ?))
-- params: [100n,"MATH",1210n,2020n,"Fall","a"]
