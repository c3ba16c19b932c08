CREATE TABLE `farmer_transfers` (
	`id` integer PRIMARY KEY,
	`farmer_id` integer NOT NULL,
	`from_cooperative_id` integer NOT NULL,
	`to_cooperative_id` integer NOT NULL,
	`effective_on` text NOT NULL,
	`reason` text,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_transfers_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`),
	CONSTRAINT `fk_farmer_transfers_from_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`from_cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_farmer_transfers_to_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`to_cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_farmer_transfers_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "farmer_transfers_other_ck" CHECK("from_cooperative_id" <> "to_cooperative_id")
);
--> statement-breakpoint
ALTER TABLE `cooperative_certifications` ADD `renews_id` integer REFERENCES cooperative_certifications(id);--> statement-breakpoint
ALTER TABLE `cooperative_certifications` ADD `revoked_on` text;--> statement-breakpoint
ALTER TABLE `cooperative_certifications` ADD `revoke_reason` text;--> statement-breakpoint
ALTER TABLE `cooperatives` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `farmer_certifications` ADD `certificate_number` text;--> statement-breakpoint
ALTER TABLE `farmer_certifications` ADD `revoked_on` text;--> statement-breakpoint
ALTER TABLE `farmers` ADD `document_type` text DEFAULT 'dni' NOT NULL;--> statement-breakpoint
ALTER TABLE `farmers` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `farmers` ADD `deactivated_on` text;--> statement-breakpoint
ALTER TABLE `farmers` ADD `deactivation_reason` text;--> statement-breakpoint
CREATE INDEX `farmer_transfers_farmer_idx` ON `farmer_transfers` (`farmer_id`,`effective_on`);