CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY,
	`occurred_at` text NOT NULL,
	`user_id` integer NOT NULL,
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
