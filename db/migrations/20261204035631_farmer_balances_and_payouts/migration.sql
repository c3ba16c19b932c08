CREATE TABLE `farmer_netting_rules` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`rule` text NOT NULL,
	`set_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_netting_rules_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_farmer_netting_rules_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_farmer_netting_rules_set_by_users_id_fk` FOREIGN KEY (`set_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `farmer_payout_reversals` (
	`id` integer PRIMARY KEY,
	`payout_id` integer NOT NULL UNIQUE,
	`reversed_on` text NOT NULL,
	`reason` text NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_payout_reversals_payout_id_farmer_payouts_id_fk` FOREIGN KEY (`payout_id`) REFERENCES `farmer_payouts`(`id`),
	CONSTRAINT `fk_farmer_payout_reversals_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_farmer_payout_reversals_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `farmer_payout_runs` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_payout_runs_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_farmer_payout_runs_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_farmer_payout_runs_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `farmer_payouts` (
	`id` integer PRIMARY KEY,
	`farmer_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`run_id` integer,
	`paid_on` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` text NOT NULL,
	`method` text NOT NULL,
	`purpose` text NOT NULL,
	`reference` text,
	`paid_by` text NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_payouts_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`),
	CONSTRAINT `fk_farmer_payouts_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_farmer_payouts_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_farmer_payouts_run_id_farmer_payout_runs_id_fk` FOREIGN KEY (`run_id`) REFERENCES `farmer_payout_runs`(`id`),
	CONSTRAINT `fk_farmer_payouts_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_farmer_payouts_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "farmer_payouts_amount_ck" CHECK("amount_minor" glob '[1-9]*' and "amount_minor" not glob '*[^0-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `farmer_netting_rules_uq` ON `farmer_netting_rules` (`cooperative_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `farmer_payouts_farmer_idx` ON `farmer_payouts` (`farmer_id`,`paid_on`);--> statement-breakpoint
CREATE INDEX `farmer_payouts_run_idx` ON `farmer_payouts` (`run_id`);