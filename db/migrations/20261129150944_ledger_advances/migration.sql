CREATE TABLE `advance_prices` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`currency` text NOT NULL,
	`price_per_kg` text NOT NULL,
	`effective_from` text NOT NULL,
	`set_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_advance_prices_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_advance_prices_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_advance_prices_set_by_users_id_fk` FOREIGN KEY (`set_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`id` integer PRIMARY KEY,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`posted_at` text NOT NULL,
	`description` text NOT NULL,
	`source_type` text,
	`source_id` integer,
	`reverses_entry_id` integer,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_journal_entries_reverses_entry_id_journal_entries_id_fk` FOREIGN KEY (`reverses_entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_journal_entries_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `journal_lines` (
	`id` integer PRIMARY KEY,
	`entry_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` text NOT NULL,
	`memo` text,
	`lot_id` integer,
	CONSTRAINT `fk_journal_lines_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_journal_lines_account_id_ledger_accounts_id_fk` FOREIGN KEY (`account_id`) REFERENCES `ledger_accounts`(`id`),
	CONSTRAINT `fk_journal_lines_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT "journal_lines_amount_ck" CHECK(("amount_minor" glob '[1-9]*' and "amount_minor" not glob '*[^0-9]*')
        or ("amount_minor" glob '-[1-9]*' and substr("amount_minor", 2) not glob '*[^0-9]*'))
);
--> statement-breakpoint
CREATE TABLE `ledger_accounts` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`owner_type` text NOT NULL,
	`owner_id` integer,
	`purpose` text NOT NULL,
	`currency` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "ledger_accounts_owner_ck" CHECK(("owner_type" = 'consortium') = ("owner_id" is null))
);
--> statement-breakpoint
CREATE INDEX `advance_prices_coop_campaign_idx` ON `advance_prices` (`cooperative_id`,`campaign_id`,`effective_from`);--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_reverses_uq` ON `journal_entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_source_idx` ON `journal_entries` (`source_type`,`source_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_date_idx` ON `journal_entries` (`occurred_on`);--> statement-breakpoint
CREATE INDEX `journal_lines_entry_idx` ON `journal_lines` (`entry_id`);--> statement-breakpoint
CREATE INDEX `journal_lines_account_idx` ON `journal_lines` (`account_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `journal_lines_lot_idx` ON `journal_lines` (`lot_id`);--> statement-breakpoint
CREATE INDEX `ledger_accounts_owner_idx` ON `ledger_accounts` (`owner_type`,`owner_id`);