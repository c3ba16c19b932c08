CREATE TABLE `exchange_rates` (
	`id` integer PRIMARY KEY,
	`base` text NOT NULL,
	`quote` text NOT NULL,
	`rate` text NOT NULL,
	`rated_on` text NOT NULL,
	`source` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_exchange_rates_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `sale_payments` (
	`id` integer PRIMARY KEY,
	`delivery_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` text NOT NULL,
	`exchange_rate_id` integer,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_sale_payments_delivery_id_sale_deliveries_id_fk` FOREIGN KEY (`delivery_id`) REFERENCES `sale_deliveries`(`id`),
	CONSTRAINT `fk_sale_payments_exchange_rate_id_exchange_rates_id_fk` FOREIGN KEY (`exchange_rate_id`) REFERENCES `exchange_rates`(`id`),
	CONSTRAINT `fk_sale_payments_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_sale_payments_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `settlement_lines` (
	`id` integer PRIMARY KEY,
	`payment_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`farmer_id` integer,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` text NOT NULL,
	`grams` integer,
	CONSTRAINT `fk_settlement_lines_payment_id_sale_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `sale_payments`(`id`),
	CONSTRAINT `fk_settlement_lines_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_settlement_lines_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`)
);
--> statement-breakpoint
CREATE TABLE `settlement_terms` (
	`id` integer PRIMARY KEY,
	`campaign_id` integer NOT NULL,
	`membership` text NOT NULL,
	`currency` text NOT NULL,
	`processing_fee_per_kg` text NOT NULL,
	`commission_pct` text NOT NULL,
	`retention_pct` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_settlement_terms_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`)
);
--> statement-breakpoint
CREATE INDEX `exchange_rates_pair_idx` ON `exchange_rates` (`base`,`quote`,`rated_on`);--> statement-breakpoint
CREATE INDEX `sale_payments_delivery_idx` ON `sale_payments` (`delivery_id`);--> statement-breakpoint
CREATE INDEX `settlement_lines_payment_idx` ON `settlement_lines` (`payment_id`);--> statement-breakpoint
CREATE INDEX `settlement_lines_farmer_idx` ON `settlement_lines` (`farmer_id`);--> statement-breakpoint
CREATE INDEX `settlement_lines_coop_idx` ON `settlement_lines` (`cooperative_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_terms_uq` ON `settlement_terms` (`campaign_id`,`membership`,`currency`);