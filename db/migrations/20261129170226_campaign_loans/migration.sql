CREATE TABLE `campaign_loans` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`lender_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`currency` text NOT NULL,
	`principal_minor` text NOT NULL,
	`convention` text NOT NULL,
	`rate_pct` text NOT NULL,
	`fee_minor` text NOT NULL,
	`endorsed_minor` text NOT NULL,
	`signed_on` text NOT NULL,
	`maturity` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_campaign_loans_lender_id_lenders_id_fk` FOREIGN KEY (`lender_id`) REFERENCES `lenders`(`id`),
	CONSTRAINT `fk_campaign_loans_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_campaign_loans_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_campaign_loans_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "campaign_loans_dates_ck" CHECK("signed_on" <= "maturity")
);
--> statement-breakpoint
CREATE TABLE `credit_line_events` (
	`id` integer PRIMARY KEY,
	`line_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`amount_minor` text NOT NULL,
	`interest_minor` text DEFAULT '0' NOT NULL,
	`principal_minor` text DEFAULT '0' NOT NULL,
	`interest_charged_minor` text DEFAULT '0' NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_credit_line_events_line_id_credit_lines_id_fk` FOREIGN KEY (`line_id`) REFERENCES `credit_lines`(`id`),
	CONSTRAINT `fk_credit_line_events_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_credit_line_events_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `credit_lines` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`lender_id` integer NOT NULL,
	`currency` text NOT NULL,
	`limit_minor` text NOT NULL,
	`convention` text NOT NULL,
	`rate_pct` text NOT NULL,
	`opens_on` text NOT NULL,
	`matures_on` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_credit_lines_lender_id_lenders_id_fk` FOREIGN KEY (`lender_id`) REFERENCES `lenders`(`id`),
	CONSTRAINT `fk_credit_lines_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "credit_lines_dates_ck" CHECK("opens_on" <= "matures_on")
);
--> statement-breakpoint
CREATE TABLE `endorsement_limits` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`currency` text NOT NULL,
	`limit_minor` text NOT NULL,
	`set_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_endorsement_limits_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_endorsement_limits_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_endorsement_limits_set_by_users_id_fk` FOREIGN KEY (`set_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `lender_equity` (
	`id` integer PRIMARY KEY,
	`lender_id` integer NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` text NOT NULL,
	`valued_on` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_lender_equity_lender_id_lenders_id_fk` FOREIGN KEY (`lender_id`) REFERENCES `lenders`(`id`)
);
--> statement-breakpoint
CREATE TABLE `loan_event_reversals` (
	`id` integer PRIMARY KEY,
	`event_id` integer NOT NULL UNIQUE,
	`reversed_on` text NOT NULL,
	`reason` text NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_loan_event_reversals_event_id_loan_events_id_fk` FOREIGN KEY (`event_id`) REFERENCES `loan_events`(`id`),
	CONSTRAINT `fk_loan_event_reversals_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_loan_event_reversals_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `loan_events` (
	`id` integer PRIMARY KEY,
	`loan_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`amount_minor` text NOT NULL,
	`fees_minor` text DEFAULT '0' NOT NULL,
	`interest_minor` text DEFAULT '0' NOT NULL,
	`principal_minor` text DEFAULT '0' NOT NULL,
	`interest_charged_minor` text DEFAULT '0' NOT NULL,
	`source` text NOT NULL,
	`payment_id` integer,
	`request_id` integer,
	`paid_minor` text,
	`paid_currency` text,
	`exchange_rate_id` integer,
	`note` text NOT NULL,
	`entry_id` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_loan_events_loan_id_campaign_loans_id_fk` FOREIGN KEY (`loan_id`) REFERENCES `campaign_loans`(`id`),
	CONSTRAINT `fk_loan_events_payment_id_sale_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `sale_payments`(`id`),
	CONSTRAINT `fk_loan_events_request_id_loan_requests_id_fk` FOREIGN KEY (`request_id`) REFERENCES `loan_requests`(`id`),
	CONSTRAINT `fk_loan_events_exchange_rate_id_exchange_rates_id_fk` FOREIGN KEY (`exchange_rate_id`) REFERENCES `exchange_rates`(`id`),
	CONSTRAINT `fk_loan_events_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`),
	CONSTRAINT `fk_loan_events_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `loan_instalments` (
	`id` integer PRIMARY KEY,
	`loan_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`principal_minor` text NOT NULL,
	CONSTRAINT `fk_loan_instalments_loan_id_campaign_loans_id_fk` FOREIGN KEY (`loan_id`) REFERENCES `campaign_loans`(`id`)
);
--> statement-breakpoint
CREATE TABLE `loan_request_decisions` (
	`id` integer PRIMARY KEY,
	`request_id` integer NOT NULL UNIQUE,
	`approved` integer NOT NULL,
	`reason` text,
	`decided_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_loan_request_decisions_request_id_loan_requests_id_fk` FOREIGN KEY (`request_id`) REFERENCES `loan_requests`(`id`),
	CONSTRAINT `fk_loan_request_decisions_decided_by_users_id_fk` FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `loan_requests` (
	`id` integer PRIMARY KEY,
	`loan_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount_minor` text,
	`effective_on` text NOT NULL,
	`reason` text NOT NULL,
	`requested_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_loan_requests_loan_id_campaign_loans_id_fk` FOREIGN KEY (`loan_id`) REFERENCES `campaign_loans`(`id`),
	CONSTRAINT `fk_loan_requests_requested_by_users_id_fk` FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
ALTER TABLE `consortium` ADD `guarantee_call_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
CREATE INDEX `campaign_loans_lender_idx` ON `campaign_loans` (`lender_id`);--> statement-breakpoint
CREATE INDEX `campaign_loans_coop_idx` ON `campaign_loans` (`cooperative_id`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `credit_line_events_line_idx` ON `credit_line_events` (`line_id`,`occurred_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_limits_uq` ON `endorsement_limits` (`cooperative_id`,`campaign_id`,`currency`);--> statement-breakpoint
CREATE INDEX `lender_equity_idx` ON `lender_equity` (`lender_id`,`valued_on`);--> statement-breakpoint
CREATE INDEX `loan_events_loan_idx` ON `loan_events` (`loan_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `loan_events_payment_idx` ON `loan_events` (`payment_id`);--> statement-breakpoint
CREATE INDEX `loan_events_entry_idx` ON `loan_events` (`entry_id`);--> statement-breakpoint
CREATE INDEX `loan_instalments_loan_idx` ON `loan_instalments` (`loan_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `loan_requests_loan_idx` ON `loan_requests` (`loan_id`);--> statement-breakpoint
CREATE VIEW `live_loan_events` AS select e.id, e.loan_id, e.kind, e.occurred_on, e.amount_minor, e.fees_minor, e.interest_minor, e.principal_minor,
      e.interest_charged_minor, e.source, e.payment_id, e.entry_id
    from loan_events e where not exists (select 1 from journal_entries r where r.reverses_entry_id = e.entry_id);