SELECT `t1`.`subject_id`,`t1`.`species`,`t1`.`sex`,`t1`.`weight`,`t1`.`height`,`t1`.`alive`,`t1`.`dob`,`t1`.`created`,`t1`.`t3`,`t1`.`uid`,`t1`.`meta`,`t1`.`raw`,`t1`.`code`,`t1`.`price`,`t1`.`small`,`t1`.`tiny`,`t1`.`big`,`t1`.`arr` FROM `oracle_types`.`subject` AS `t1` WHERE ((JSON_VALUE(`t1`.`meta`, ?) = ?) AND (JSON_VALUE(`t1`.`meta`, ?) IS NULL) AND (CAST(JSON_VALUE(`t1`.`meta`, ?) AS SIGNED) = ?))
-- params: ["$.c.d[0]","x","$.n","$.k",3n]
-- count:
SELECT COUNT(*) AS `count` FROM `oracle_types`.`subject` AS `t1` WHERE ((JSON_VALUE(`t1`.`meta`, ?) = ?) AND (JSON_VALUE(`t1`.`meta`, ?) IS NULL) AND (CAST(JSON_VALUE(`t1`.`meta`, ?) AS SIGNED) = ?))
