CREATE TABLE IF NOT EXISTS `lab`.`~lineage` (
`table_name` VARCHAR(64) NOT NULL COMMENT "table name within the schema",
`attribute_name` VARCHAR(64) NOT NULL COMMENT "attribute name",
`lineage` VARCHAR(255) NOT NULL COMMENT "origin: schema.table.attribute",
PRIMARY KEY (`table_name`, `attribute_name`)
) ENGINE=InnoDB;
