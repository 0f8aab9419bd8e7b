DELETE FROM `tutorial_university`.`course` WHERE ((`credits` > ?) AND (`course_name` LIKE ?))
-- params: [3.5,"Intro%"]
