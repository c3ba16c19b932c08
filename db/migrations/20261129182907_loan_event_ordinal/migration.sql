ALTER TABLE `loan_events` ADD `ordinal` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP VIEW `live_loan_events`;--> statement-breakpoint
CREATE VIEW `live_loan_events` AS select e.id, e.loan_id, e.kind, e.occurred_on, e.ordinal, e.amount_minor, e.fees_minor, e.interest_minor, e.principal_minor,
      e.interest_charged_minor, e.source, e.payment_id, e.entry_id
    from loan_events e where not exists (select 1 from journal_entries r where r.reverses_entry_id = e.entry_id);--> statement-breakpoint
UPDATE `loan_events` SET `ordinal` = `id`;--> statement-breakpoint
DROP INDEX IF EXISTS `loan_events_loan_idx`;--> statement-breakpoint
CREATE INDEX `loan_events_loan_idx` ON `loan_events` (`loan_id`,`occurred_on`,`ordinal`);