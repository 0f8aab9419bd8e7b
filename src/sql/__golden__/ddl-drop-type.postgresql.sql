DROP TYPE IF EXISTS "lab"."enum_e54fc739";
