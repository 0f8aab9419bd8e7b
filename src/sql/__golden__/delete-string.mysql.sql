DELETE FROM `tutorial_university`.`course` WHERE ((`credits` > CAST(? AS DECIMAL(2,1))) AND (`course_name` LIKE ?))
-- params: ["3.5","Intro%"]
