CREATE TABLE `contract_unit_prices` (
	`id` integer PRIMARY KEY,
	`contract_id` integer NOT NULL,
	`sku` text NOT NULL,
	`unit_size_g` integer NOT NULL,
	`unit_price_minor` text NOT NULL,
	CONSTRAINT `fk_contract_unit_prices_contract_id_sales_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `sales_contracts`(`id`),
	CONSTRAINT "contract_unit_prices_size_ck" CHECK("unit_size_g" > 0)
);
--> statement-breakpoint
CREATE TABLE `sale_delivery_lines` (
	`id` integer PRIMARY KEY,
	`delivery_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`sku` text NOT NULL,
	`units` integer NOT NULL,
	`unit_price_minor` text NOT NULL,
	`value_minor` text NOT NULL,
	CONSTRAINT `fk_sale_delivery_lines_delivery_id_sale_deliveries_id_fk` FOREIGN KEY (`delivery_id`) REFERENCES `sale_deliveries`(`id`),
	CONSTRAINT `fk_sale_delivery_lines_batch_id_stock_batches_id_fk` FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`),
	CONSTRAINT "sale_delivery_lines_units_ck" CHECK("units" > 0)
);
--> statement-breakpoint
ALTER TABLE `sale_takes` ADD `value_minor` text;--> statement-breakpoint
ALTER TABLE `sales_contracts` ADD `market` text DEFAULT 'export' NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sale_deliveries` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`contract_id` integer NOT NULL,
	`plant_id` integer NOT NULL,
	`delivered_at` text NOT NULL,
	`delivered_on` text NOT NULL,
	`quantity_g` integer NOT NULL,
	`reference_price_per_lb` text,
	`price_per_lb` text,
	`premium_per_lb` text,
	`currency` text NOT NULL,
	`value_minor` text NOT NULL,
	`premium_minor` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_sale_deliveries_contract_id_sales_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `sales_contracts`(`id`),
	CONSTRAINT `fk_sale_deliveries_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_sale_deliveries_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "sale_deliveries_quantity_ck" CHECK("quantity_g" > 0),
	CONSTRAINT "sale_deliveries_price_ck" CHECK(("price_per_lb" is null) = ("premium_per_lb" is null))
);
--> statement-breakpoint
INSERT INTO `__new_sale_deliveries`(`id`, `code`, `contract_id`, `plant_id`, `delivered_at`, `delivered_on`, `quantity_g`, `reference_price_per_lb`, `price_per_lb`, `premium_per_lb`, `currency`, `value_minor`, `premium_minor`, `recorded_by`, `created_at`) SELECT `id`, `code`, `contract_id`, `plant_id`, `delivered_at`, `delivered_on`, `quantity_g`, `reference_price_per_lb`, `price_per_lb`, `premium_per_lb`, `currency`, `value_minor`, `premium_minor`, `recorded_by`, `created_at` FROM `sale_deliveries`;--> statement-breakpoint
DROP TABLE `sale_deliveries`;--> statement-breakpoint
ALTER TABLE `__new_sale_deliveries` RENAME TO `sale_deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sales_contracts` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`buyer_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`currency` text NOT NULL,
	`market` text DEFAULT 'export' NOT NULL,
	`grade` text,
	`quantity_g` integer,
	`bag_kg` integer,
	`bags` integer,
	`pricing` text NOT NULL,
	`price_per_lb` text,
	`reference` text,
	`differential_per_lb` text,
	`fairtrade` integer NOT NULL,
	`organic` integer NOT NULL,
	`signed_on` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_sales_contracts_buyer_id_buyers_id_fk` FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`),
	CONSTRAINT `fk_sales_contracts_campaign_id_harvest_campaigns_id_fk` FOREIGN KEY (`campaign_id`) REFERENCES `harvest_campaigns`(`id`),
	CONSTRAINT `fk_sales_contracts_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "sales_contracts_quantity_ck" CHECK("quantity_g" is null or "quantity_g" > 0),
	CONSTRAINT "sales_contracts_market_ck" CHECK(("market" = 'export' and "grade" is not null and "quantity_g" is not null and "pricing" <> 'per_unit')
        or ("market" = 'domestic' and "grade" is null and "quantity_g" is null and "pricing" = 'per_unit' and not "fairtrade" and not "organic")),
	CONSTRAINT "sales_contracts_pricing_ck" CHECK(("pricing" = 'fixed' and "price_per_lb" is not null and "reference" is null)
        or ("pricing" = 'differential' and "reference" is not null and "differential_per_lb" is not null and "price_per_lb" is null)
        or ("pricing" = 'per_unit' and "price_per_lb" is null and "reference" is null and "differential_per_lb" is null))
);
--> statement-breakpoint
INSERT INTO `__new_sales_contracts`(`id`, `code`, `buyer_id`, `campaign_id`, `currency`, `grade`, `quantity_g`, `bag_kg`, `bags`, `pricing`, `price_per_lb`, `reference`, `differential_per_lb`, `fairtrade`, `organic`, `signed_on`, `recorded_by`, `created_at`) SELECT `id`, `code`, `buyer_id`, `campaign_id`, `currency`, `grade`, `quantity_g`, `bag_kg`, `bags`, `pricing`, `price_per_lb`, `reference`, `differential_per_lb`, `fairtrade`, `organic`, `signed_on`, `recorded_by`, `created_at` FROM `sales_contracts`;--> statement-breakpoint
DROP TABLE `sales_contracts`;--> statement-breakpoint
ALTER TABLE `__new_sales_contracts` RENAME TO `sales_contracts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sale_deliveries_contract_idx` ON `sale_deliveries` (`contract_id`);--> statement-breakpoint
CREATE INDEX `sales_contracts_buyer_idx` ON `sales_contracts` (`buyer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contract_unit_prices_uq` ON `contract_unit_prices` (`contract_id`,`sku`);--> statement-breakpoint
CREATE INDEX `sale_delivery_lines_delivery_idx` ON `sale_delivery_lines` (`delivery_id`);