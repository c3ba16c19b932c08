CREATE TABLE `buyers` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `certification_terms` (
	`id` integer PRIMARY KEY,
	`term` text NOT NULL,
	`currency` text NOT NULL,
	`per_lb` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sale_deliveries` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`contract_id` integer NOT NULL,
	`plant_id` integer NOT NULL,
	`delivered_at` text NOT NULL,
	`delivered_on` text NOT NULL,
	`quantity_g` integer NOT NULL,
	`reference_price_per_lb` text,
	`price_per_lb` text NOT NULL,
	`premium_per_lb` text NOT NULL,
	`currency` text NOT NULL,
	`value_minor` text NOT NULL,
	`premium_minor` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_sale_deliveries_contract_id_sales_contracts_id_fk` FOREIGN KEY (`contract_id`) REFERENCES `sales_contracts`(`id`),
	CONSTRAINT `fk_sale_deliveries_plant_id_plants_id_fk` FOREIGN KEY (`plant_id`) REFERENCES `plants`(`id`),
	CONSTRAINT `fk_sale_deliveries_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`),
	CONSTRAINT "sale_deliveries_quantity_ck" CHECK("quantity_g" > 0)
);
--> statement-breakpoint
CREATE TABLE `sale_takes` (
	`id` integer PRIMARY KEY,
	`delivery_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`cooperative_id` integer NOT NULL,
	`grams` integer NOT NULL,
	CONSTRAINT `fk_sale_takes_delivery_id_sale_deliveries_id_fk` FOREIGN KEY (`delivery_id`) REFERENCES `sale_deliveries`(`id`),
	CONSTRAINT `fk_sale_takes_batch_id_stock_batches_id_fk` FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`),
	CONSTRAINT `fk_sale_takes_lot_id_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`),
	CONSTRAINT `fk_sale_takes_cooperative_id_cooperatives_id_fk` FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`),
	CONSTRAINT "sale_takes_grams_ck" CHECK("grams" > 0)
);
--> statement-breakpoint
CREATE TABLE `sales_contracts` (
	`id` integer PRIMARY KEY,
	`code` text NOT NULL UNIQUE,
	`buyer_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`currency` text NOT NULL,
	`grade` text NOT NULL,
	`quantity_g` integer NOT NULL,
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
	CONSTRAINT "sales_contracts_quantity_ck" CHECK("quantity_g" > 0),
	CONSTRAINT "sales_contracts_pricing_ck" CHECK(("pricing" = 'fixed' and "price_per_lb" is not null and "reference" is null)
        or ("pricing" = 'differential' and "reference" is not null and "differential_per_lb" is not null and "price_per_lb" is null))
);
--> statement-breakpoint
CREATE INDEX `certification_terms_idx` ON `certification_terms` (`term`,`valid_from`);--> statement-breakpoint
CREATE INDEX `sale_deliveries_contract_idx` ON `sale_deliveries` (`contract_id`);--> statement-breakpoint
CREATE INDEX `sale_takes_delivery_idx` ON `sale_takes` (`delivery_id`);--> statement-breakpoint
CREATE INDEX `sale_takes_batch_idx` ON `sale_takes` (`batch_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `sale_takes_lot_idx` ON `sale_takes` (`lot_id`);--> statement-breakpoint
CREATE INDEX `sales_contracts_buyer_idx` ON `sales_contracts` (`buyer_id`);--> statement-breakpoint
CREATE VIEW `batch_takes` AS select batch_id, lot_id, cooperative_id, grams from run_inputs where batch_id is not null
    union all select batch_id, lot_id, cooperative_id, grams from sale_takes;--> statement-breakpoint
-- Reference data: Fairtrade terms for washed Arabica, per lb, FOB (Fairtrade Minimum Price and Premium table).
INSERT INTO `certification_terms` (`term`, `currency`, `per_lb`, `valid_from`, `valid_to`, `source`) VALUES
  ('fairtrade_minimum', 'USD', '1.4', '2011-04-01', '2023-07-31', 'Fairtrade Minimum Price, washed Arabica'),
  ('fairtrade_minimum', 'USD', '1.8', '2023-08-01', NULL, 'Fairtrade Minimum Price, washed Arabica'),
  ('fairtrade_premium', 'USD', '0.2', '2011-04-01', NULL, 'Fairtrade Premium, Arabica'),
  ('organic_differential', 'USD', '0.3', '2011-04-01', '2023-07-31', 'Fairtrade organic differential, Arabica'),
  ('organic_differential', 'USD', '0.4', '2023-08-01', NULL, 'Fairtrade organic differential, Arabica');
