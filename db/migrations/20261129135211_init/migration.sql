CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL UNIQUE,
	`prefix` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	CONSTRAINT `fk_api_tokens_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `consortium` (
	`id` integer PRIMARY KEY,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`base_currency` text NOT NULL,
	`time_zone` text NOT NULL,
	`default_moisture_limit_pct` text DEFAULT '12.5' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cooperative_certifications` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`scheme` text NOT NULL,
	`certificate_number` text,
	`valid_from` text NOT NULL,
	`valid_to` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_cooperative_certifications_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "coop_cert_dates_ck" CHECK("valid_from" <= "valid_to")
);
--> statement-breakpoint
CREATE TABLE `cooperatives` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`membership` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "cooperatives_membership_ck" CHECK("membership" in ('shareholder','affiliated'))
);
--> statement-breakpoint
CREATE TABLE `farmer_certifications` (
	`id` integer PRIMARY KEY,
	`farmer_id` integer NOT NULL,
	`scheme` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmer_certifications_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`),
	CONSTRAINT "farmer_cert_dates_ck" CHECK("valid_from" <= "valid_to")
);
--> statement-breakpoint
CREATE TABLE `farmers` (
	`id` integer PRIMARY KEY,
	`cooperative_id` integer NOT NULL,
	`national_id` text NOT NULL UNIQUE,
	`full_name` text NOT NULL,
	`gender` text,
	`joined_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_farmers_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "farmers_gender_ck" CHECK("gender" is null or "gender" in ('female','male','other'))
);
--> statement-breakpoint
CREATE TABLE `harvest_campaigns` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`moisture_limit_pct` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "campaign_dates_ck" CHECK("starts_on" <= "ends_on")
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`request_hash` text NOT NULL,
	`result_type` text NOT NULL,
	`result_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `idempotency_keys_pk` PRIMARY KEY(`user_id`, `key`),
	CONSTRAINT `fk_idempotency_keys_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `lenders` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "lenders_kind_ck" CHECK("kind" in ('bank','copac','social_investor'))
);
--> statement-breakpoint
CREATE TABLE `lot_gradings` (
	`id` integer PRIMARY KEY,
	`lot_id` integer NOT NULL,
	`graded_at` text NOT NULL,
	`graded_by` integer NOT NULL,
	`exportable_yield_pct` text NOT NULL,
	`category1_defects` integer NOT NULL,
	`category2_defects` integer NOT NULL,
	`cup_score` text,
	`cup_protocol` text,
	`organic` integer NOT NULL,
	`grade` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_lot_gradings_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_lot_gradings_graded_by_users_id_fk` FOREIGN KEY (`graded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "lot_gradings_defects_ck" CHECK("category1_defects" >= 0 and "category2_defects" >= 0),
	CONSTRAINT "lot_gradings_cup_ck" CHECK(("cup_score" is null) = ("cup_protocol" is null))
);
--> statement-breakpoint
CREATE TABLE `lot_rejections` (
	`lot_id` integer PRIMARY KEY,
	`rejected_at` text NOT NULL,
	`rejected_by` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_lot_rejections_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_lot_rejections_rejected_by_users_id_fk` FOREIGN KEY (`rejected_by`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
CREATE TABLE `lots` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`campaign_id` integer NOT NULL,
	`number` integer NOT NULL,
	`plant_id` integer NOT NULL,
	`farmer_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`received_at` text NOT NULL,
	`received_on` text NOT NULL,
	`product_form` text NOT NULL,
	`bags` integer NOT NULL,
	`gross_g` integer NOT NULL,
	`tare_g` integer NOT NULL,
	`net_g` integer NOT NULL,
	`moisture_pct` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`current_grading_id` integer,
	`notes` text,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_lots_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_lots_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_lots_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`),
	CONSTRAINT `fk_lots_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_lots_current_grading_id_lot_gradings_id_fk` FOREIGN KEY (`current_grading_id`) REFERENCES `lot_gradings`(`id`),
	CONSTRAINT `fk_lots_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "lots_weights_ck" CHECK("gross_g" > 0 and "tare_g" >= 0 and "net_g" > 0),
	CONSTRAINT "lots_net_ck" CHECK("net_g" = "gross_g" - "tare_g"),
	CONSTRAINT "lots_bags_ck" CHECK("bags" > 0),
	CONSTRAINT "lots_status_ck" CHECK("status" in ('received','graded','rejected'))
);
--> statement-breakpoint
CREATE TABLE `plants` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "plants_kind_ck" CHECK("kind" in ('plant','collection_center'))
);
--> statement-breakpoint
CREATE TABLE `plots` (
	`id` integer PRIMARY KEY,
	`farmer_id` integer NOT NULL,
	`name` text NOT NULL,
	`area_m2` integer NOT NULL,
	`altitude_m` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_plots_farmer_id_farmers_id_fk` FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`),
	CONSTRAINT "plots_area_ck" CHECK("area_m2" > 0)
);
--> statement-breakpoint
CREATE TABLE `shareholdings` (
	`id` integer PRIMARY KEY,
	`consortium_id` integer NOT NULL,
	`cooperative_id` integer,
	`lender_id` integer,
	`stake_pct` text NOT NULL,
	`since` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_shareholdings_consortium_id_consortium_id_fk` FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`),
	CONSTRAINT `fk_shareholdings_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_shareholdings_lender_id_lenders_id_fk` FOREIGN KEY (`lender_id`) REFERENCES `lenders`(`id`),
	CONSTRAINT "shareholdings_one_holder_ck" CHECK(("cooperative_id" is null) <> ("lender_id" is null))
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY,
	`name` text NOT NULL,
	`email` text NOT NULL UNIQUE,
	`role` text NOT NULL,
	`cooperative_id` integer,
	`plant_id` integer,
	`lender_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_users_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT `fk_users_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_users_lender_id_lenders_id_fk` FOREIGN KEY (`lender_id`) REFERENCES `lenders`(`id`),
	CONSTRAINT "users_role_scope_ck" CHECK(("role" = 'cooperative_manager') = ("cooperative_id" is not null)
        and ("role" = 'plant_staff') = ("plant_id" is not null)
        and ("role" = 'lender') = ("lender_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `coop_cert_coop_idx` ON `cooperative_certifications` (`cooperative_id`);--> statement-breakpoint
CREATE INDEX `farmer_cert_farmer_idx` ON `farmer_certifications` (`farmer_id`,`scheme`);--> statement-breakpoint
CREATE INDEX `farmers_coop_idx` ON `farmers` (`cooperative_id`);--> statement-breakpoint
CREATE INDEX `lot_gradings_lot_idx` ON `lot_gradings` (`lot_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `lots_campaign_number_uq` ON `lots` (`campaign_id`,`number`);--> statement-breakpoint
CREATE INDEX `lots_coop_campaign_idx` ON `lots` (`cooperative_id`,`campaign_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `lots_farmer_idx` ON `lots` (`farmer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `lots_plant_idx` ON `lots` (`plant_id`,`received_on`);--> statement-breakpoint
CREATE INDEX `lots_received_idx` ON `lots` (`received_at`);--> statement-breakpoint
CREATE INDEX `lots_received_on_idx` ON `lots` (`received_on`);--> statement-breakpoint
CREATE INDEX `plots_farmer_idx` ON `plots` (`farmer_id`);