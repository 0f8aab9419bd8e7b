DELETE FROM `tutorial_university`.`student` WHERE ((`home_state` = ?) AND (`sex` = ?))
-- params: ["UT","F"]
