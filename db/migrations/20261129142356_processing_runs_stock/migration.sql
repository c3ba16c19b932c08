CREATE TABLE `batch_shares` (
	`batch_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`grams` integer NOT NULL,
	CONSTRAINT `batch_shares_pk` PRIMARY KEY(`batch_id`, `lot_id`),
	CONSTRAINT `fk_batch_shares_batch_id_stock_batches_id_fk` FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`),
	CONSTRAINT `fk_batch_shares_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_batch_shares_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "batch_shares_grams_ck" CHECK("grams" > 0)
);
--> statement-breakpoint
CREATE TABLE `processing_runs` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`plant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`number` integer NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`finished_on` text NOT NULL,
	`input_g` integer NOT NULL,
	`output_g` integer NOT NULL,
	`husk_g` integer DEFAULT 0 NOT NULL,
	`loss_g` integer NOT NULL,
	`expected_yield_pct` text,
	`actual_yield_pct` text,
	`total_bean_yield_pct` text,
	`yield_tolerance_pct` text,
	`roast_profile` text,
	`roast_loss_pct` text,
	`units_packed` integer,
	`flagged` integer DEFAULT false NOT NULL,
	`notes` text,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_processing_runs_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_processing_runs_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "runs_kind_ck" CHECK("kind" in ('hulling','roasting','packing')),
	CONSTRAINT "runs_mass_ck" CHECK("input_g" > 0 and "output_g" >= 0 and "husk_g" >= 0 and "loss_g" >= 0),
	CONSTRAINT "runs_balance_ck" CHECK("input_g" = "output_g" + "husk_g" + "loss_g"),
	CONSTRAINT "runs_times_ck" CHECK("started_at" <= "finished_at")
);
--> statement-breakpoint
CREATE TABLE `run_inputs` (
	`id` integer PRIMARY KEY,
	`run_id` integer NOT NULL,
	`batch_id` integer,
	`lot_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`grams` integer NOT NULL,
	CONSTRAINT `fk_run_inputs_run_id_processing_runs_id_fk` FOREIGN KEY (`run_id`) REFERENCES `processing_runs`(`id`),
	CONSTRAINT `fk_run_inputs_batch_id_stock_batches_id_fk` FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`),
	CONSTRAINT `fk_run_inputs_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_run_inputs_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "run_inputs_grams_ck" CHECK("grams" > 0)
);
--> statement-breakpoint
CREATE TABLE `run_lot_losses` (
	`run_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`grams` integer NOT NULL,
	CONSTRAINT `run_lot_losses_pk` PRIMARY KEY(`run_id`, `lot_id`),
	CONSTRAINT `fk_run_lot_losses_run_id_processing_runs_id_fk` FOREIGN KEY (`run_id`) REFERENCES `processing_runs`(`id`),
	CONSTRAINT `fk_run_lot_losses_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_run_lot_losses_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "run_lot_losses_grams_ck" CHECK("grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE `stock_batches` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`run_id` integer NOT NULL,
	`plant_id` integer NOT NULL,
	`warehouse_id` integer NOT NULL,
	`form` text NOT NULL,
	`grade` text,
	`brand` text,
	`sku` text,
	`unit_size_g` integer,
	`units` integer,
	`quantity_g` integer NOT NULL,
	`produced_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_stock_batches_run_id_processing_runs_id_fk` FOREIGN KEY (`run_id`) REFERENCES `processing_runs`(`id`),
	CONSTRAINT `fk_stock_batches_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_stock_batches_warehouse_id_warehouses_id_fk` FOREIGN KEY (`warehouse_id`) REFERENCES `warehouses`(`id`),
	CONSTRAINT "batches_form_ck" CHECK("form" in ('green','roasted','packed')),
	CONSTRAINT "batches_quantity_ck" CHECK("quantity_g" > 0),
	CONSTRAINT "batches_grade_ck" CHECK(("form" = 'green') = ("grade" is not null)),
	CONSTRAINT "batches_packed_ck" CHECK(("form" = 'packed') = ("units" is not null)
        and ("units" is null or ("units" > 0 and "unit_size_g" > 0 and "units" * "unit_size_g" = "quantity_g")))
);
--> statement-breakpoint
ALTER TABLE `consortium` ADD `yield_tolerance_pct` text DEFAULT '3' NOT NULL;--> statement-breakpoint
CREATE INDEX `batch_shares_lot_idx` ON `batch_shares` (`lot_id`);--> statement-breakpoint
CREATE INDEX `batch_shares_coop_idx` ON `batch_shares` (`cooperative_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_plant_kind_number_uq` ON `processing_runs` (`plant_id`,`kind`,`number`);--> statement-breakpoint
CREATE INDEX `runs_plant_day_idx` ON `processing_runs` (`plant_id`,`finished_on`);--> statement-breakpoint
CREATE INDEX `run_inputs_run_idx` ON `run_inputs` (`run_id`);--> statement-breakpoint
CREATE INDEX `run_inputs_batch_idx` ON `run_inputs` (`batch_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `run_inputs_lot_idx` ON `run_inputs` (`lot_id`);--> statement-breakpoint
CREATE INDEX `run_lot_losses_lot_idx` ON `run_lot_losses` (`lot_id`);--> statement-breakpoint
CREATE INDEX `batches_run_idx` ON `stock_batches` (`run_id`);--> statement-breakpoint
CREATE INDEX `batches_plant_form_idx` ON `stock_batches` (`plant_id`,`form`);