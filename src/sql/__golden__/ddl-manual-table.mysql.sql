CREATE TABLE IF NOT EXISTS `lab`.`session` (
`subject_id` int NOT NULL COMMENT "subject number",
`session_id` smallint NOT NULL COMMENT ":int16:session number",
`session_date` date NOT NULL COMMENT ":date:when it ran",
`operator` varchar(32) DEFAULT NULL COMMENT ":varchar(32):who ran it",
`quality` enum('good', 'bad') NOT NULL DEFAULT 'good' COMMENT ":enum('good', 'bad'):",
`settings` json NOT NULL COMMENT ":json:",
`raw` longblob DEFAULT NULL COMMENT ":<blob>:the recording",
PRIMARY KEY (`subject_id`, `session_id`),
FOREIGN KEY (`subject_id`) REFERENCES `lab`.`subject` (`subject_id`) ON UPDATE CASCADE ON DELETE RESTRICT,
unique index (`session_date`,`operator`),
index (`quality`)
) ENGINE=InnoDB, COMMENT "a recording session";
