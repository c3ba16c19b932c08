CREATE TABLE `audit_signatures` (
	`seq` integer PRIMARY KEY,
	`hash` text NOT NULL,
	`signed_at` text NOT NULL,
	`key_id` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`seq` integer PRIMARY KEY,
	`occurred_at` text NOT NULL,
	`user_id` integer,
	`role` text NOT NULL,
	`operation` text NOT NULL,
	`input_digest` text NOT NULL,
	`result_type` text NOT NULL,
	`result_id` integer NOT NULL,
	`wrote` text NOT NULL,
	`outcome` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL UNIQUE,
	CONSTRAINT `fk_audit_log_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`(`seq`, `occurred_at`, `user_id`, `role`, `operation`, `input_digest`, `result_type`, `result_id`, `wrote`, `outcome`, `prev_hash`, `hash`) SELECT `seq`, `occurred_at`, `user_id`, `role`, `operation`, `input_digest`, `result_type`, `result_id`, `wrote`, `outcome`, `prev_hash`, `hash` FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;