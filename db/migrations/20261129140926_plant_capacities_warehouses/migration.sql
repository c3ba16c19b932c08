CREATE TABLE `warehouses` (
	`id` integer PRIMARY KEY,
	`plant_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_warehouses_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`)
);
--> statement-breakpoint
ALTER TABLE `plants` ADD `hulling_capacity_g_per_day` integer;--> statement-breakpoint
ALTER TABLE `plants` ADD `roasting_capacity_g_per_day` integer;--> statement-breakpoint
ALTER TABLE `plants` ADD `packing_capacity_units_per_day` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `warehouses_plant_code_uq` ON `warehouses` (`plant_id`,`code`);