CREATE TABLE IF NOT EXISTS "lab"."~lineage" (
"table_name" VARCHAR(64) NOT NULL,
"attribute_name" VARCHAR(64) NOT NULL,
"lineage" VARCHAR(255) NOT NULL,
PRIMARY KEY ("table_name", "attribute_name")
) ;
