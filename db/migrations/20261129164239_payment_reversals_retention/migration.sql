CREATE TABLE `cooperative_retention` (
	`id` integer PRIMARY KEY,
	`campaign_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`retention_pct` text NOT NULL,
	`set_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_cooperative_retention_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_cooperative_retention_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_cooperative_retention_set_by_users_id_fk` FOREIGN KEY (`set_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `sale_payment_reversals` (
	`id` integer PRIMARY KEY,
	`payment_id` integer NOT NULL UNIQUE,
	`reversed_on` text NOT NULL,
	`reason` text NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_sale_payment_reversals_payment_id_sale_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `sale_payments`(`id`),
	CONSTRAINT `fk_sale_payment_reversals_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_sale_payment_reversals_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
ALTER TABLE `settlement_lines` ADD `entry_id` integer REFERENCES journal_entries(id);--> statement-breakpoint
CREATE UNIQUE INDEX `cooperative_retention_uq` ON `cooperative_retention` (`campaign_id`,`cooperative_id`);--> statement-breakpoint
CREATE INDEX `settlement_lines_entry_idx` ON `settlement_lines` (`entry_id`);--> statement-breakpoint
CREATE VIEW `live_sale_payments` AS select p.id, p.delivery_id, p.received_on, p.currency, p.amount_minor from sale_payments p
    where not exists (select 1 from sale_payment_reversals r where r.payment_id = p.id);--> statement-breakpoint
CREATE VIEW `live_settlement_lines` AS select sl.id, sl.payment_id, sl.cooperative_id, sl.farmer_id, sl.kind, sl.currency, sl.amount_minor, sl.grams, sl.entry_id
    from settlement_lines sl where not exists (select 1 from journal_entries r where r.reverses_entry_id = sl.entry_id);--> statement-breakpoint
UPDATE `settlement_lines` SET `entry_id` = (SELECT p.`entry_id` FROM `sale_payments` p WHERE p.`id` = `settlement_lines`.`payment_id`) WHERE `entry_id` IS NULL;