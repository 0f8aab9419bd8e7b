DROP TABLE "lab"."session__trial";
