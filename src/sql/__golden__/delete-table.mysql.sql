DELETE FROM `tutorial_university`.`student`
-- params: []
