CREATE TABLE `readiness_probe` (
	`id` integer PRIMARY KEY,
	`checked_at` text NOT NULL
);
