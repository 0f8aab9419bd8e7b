CREATE TABLE IF NOT EXISTS `lab`.`session__trial` (
`subject_id` int NOT NULL COMMENT "subject number",
`session_id` smallint NOT NULL,
`trial_id` smallint NOT NULL COMMENT ":int16:",
`start_time` float NOT NULL COMMENT ":float32:seconds from session start",
PRIMARY KEY (`subject_id`, `session_id`, `trial_id`),
FOREIGN KEY (`subject_id`, `session_id`) REFERENCES `lab`.`session` (`subject_id`, `session_id`) ON UPDATE CASCADE ON DELETE RESTRICT
) ENGINE=InnoDB;
