CREATE TABLE `delivery_due_diligence` (
	`id` integer PRIMARY KEY,
	`delivery_id` integer NOT NULL,
	`statement_number` integer NOT NULL,
	`reference_number` text NOT NULL,
	`verification_number` text NOT NULL,
	`file_digest` text NOT NULL,
	`filed_at` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_delivery_due_diligence_delivery_id_sale_deliveries_id_fk` FOREIGN KEY (`delivery_id`) REFERENCES `sale_deliveries`(`id`),
	CONSTRAINT `fk_delivery_due_diligence_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "delivery_dds_statement_ck" CHECK("statement_number" > 0)
);
--> statement-breakpoint
CREATE TABLE `lot_plots` (
	`lot_id` integer NOT NULL,
	`plot_id` integer NOT NULL,
	CONSTRAINT `lot_plots_pk` PRIMARY KEY(`lot_id`, `plot_id`),
	CONSTRAINT `fk_lot_plots_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_lot_plots_plot_id_plots_id_fk` FOREIGN KEY (`plot_id`) REFERENCES `plots`(`id`)
);
--> statement-breakpoint
CREATE TABLE `plot_deforestation_assessments` (
	`id` integer PRIMARY KEY,
	`plot_id` integer NOT NULL,
	`source` text NOT NULL,
	`assessed_on` text NOT NULL,
	`cutoff_on` text NOT NULL,
	`result` text NOT NULL,
	`evidence_reference` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_plot_deforestation_assessments_plot_id_plots_id_fk` FOREIGN KEY (`plot_id`) REFERENCES `plots`(`id`),
	CONSTRAINT `fk_plot_deforestation_assessments_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "plot_assessments_result_ck" CHECK("result" in ('no_deforestation','deforestation','inconclusive'))
);
--> statement-breakpoint
CREATE TABLE `plot_geolocations` (
	`id` integer PRIMARY KEY,
	`plot_id` integer NOT NULL,
	`kind` text NOT NULL,
	`geometry` text NOT NULL,
	`geodesic_area_m2` integer,
	`declared_area_m2` integer NOT NULL,
	`source` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_plot_geolocations_plot_id_plots_id_fk` FOREIGN KEY (`plot_id`) REFERENCES `plots`(`id`),
	CONSTRAINT `fk_plot_geolocations_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "plot_geolocations_kind_ck" CHECK("kind" in ('point','polygon'))
);
--> statement-breakpoint
CREATE TABLE `plot_tenure_documents` (
	`id` integer PRIMARY KEY,
	`plot_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reference` text NOT NULL,
	`issued_on` text,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_plot_tenure_documents_plot_id_plots_id_fk` FOREIGN KEY (`plot_id`) REFERENCES `plots`(`id`),
	CONSTRAINT `fk_plot_tenure_documents_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
ALTER TABLE `plots` ADD `geometry` text;--> statement-breakpoint
ALTER TABLE `plots` ADD `geometry_kind` text;--> statement-breakpoint
ALTER TABLE `plots` ADD `geodesic_area_m2` integer;--> statement-breakpoint
ALTER TABLE `processing_runs` ADD `eudr_intended` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `processing_runs` ADD `eudr_flagged` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sales_contracts` ADD `destination_country` text;--> statement-breakpoint
ALTER TABLE `sales_contracts` ADD `eudr` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `stock_batches` ADD `eudr_compliant` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_dds_statement_uq` ON `delivery_due_diligence` (`delivery_id`,`statement_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_dds_reference_uq` ON `delivery_due_diligence` (`reference_number`);--> statement-breakpoint
CREATE INDEX `lot_plots_plot_idx` ON `lot_plots` (`plot_id`);--> statement-breakpoint
CREATE INDEX `plot_assessments_plot_idx` ON `plot_deforestation_assessments` (`plot_id`,`assessed_on`);--> statement-breakpoint
CREATE INDEX `plot_geolocations_plot_idx` ON `plot_geolocations` (`plot_id`);--> statement-breakpoint
CREATE INDEX `plot_tenure_plot_idx` ON `plot_tenure_documents` (`plot_id`);