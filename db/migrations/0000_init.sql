CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_person_id` integer,
	`actor_label` text NOT NULL,
	`platform` text NOT NULL,
	`action` text NOT NULL,
	`initiative_id` integer,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_ws_at` ON `audit_log` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `checkin_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkin_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`choice` text NOT NULL,
	`confidence` integer,
	`note` text,
	`platform` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`checkin_id`) REFERENCES `checkins`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkin_answers_checkin` ON `checkin_answers` (`checkin_id`);--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`initiative_id` integer NOT NULL,
	`sponsor_person_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`due_at` integer NOT NULL,
	`window_closes_at` integer NOT NULL,
	`remind_at` integer,
	`reminded_at` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`choice` text,
	`confidence` integer,
	`note` text,
	`answered_at` integer,
	`answered_by_person_id` integer,
	`latency_seconds` integer,
	`outbox_id` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sponsor_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_initiative_period` ON `checkins` (`initiative_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `checkins_status_window` ON `checkins` (`status`,`window_closes_at`);--> statement-breakpoint
CREATE INDEX `checkins_status_remind` ON `checkins` (`status`,`remind_at`);--> statement-breakpoint
CREATE INDEX `checkins_initiative_due` ON `checkins` (`initiative_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `checkins_ws_due` ON `checkins` (`workspace_id`,`due_at`);--> statement-breakpoint
CREATE TABLE `conversation_refs` (
	`workspace_id` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`reference` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `target_kind`, `target_id`)
);
--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`period_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`snapshot` text DEFAULT '{}' NOT NULL,
	`outbox_id` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_period` ON `digests` (`workspace_id`,`channel_id`,`period_key`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`initiative_id` integer NOT NULL,
	`episode` integer NOT NULL,
	`level` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`acked_at` integer,
	`acked_by_person_id` integer,
	`snoozed_until` integer,
	`resolved_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acked_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_step` ON `escalations` (`initiative_id`,`episode`,`level`);--> statement-breakpoint
CREATE INDEX `escalations_ws_open` ON `escalations` (`workspace_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `initiative_roles` (
	`initiative_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `role`, `person_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_roles_person` ON `initiative_roles` (`person_id`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`stage` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`status_reason` text,
	`cadence` text DEFAULT 'weekly' NOT NULL,
	`pmo_channel` text,
	`success_metric` text,
	`data_readiness` text,
	`stage_entered_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`next_checkin_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_ws_slug` ON `initiatives` (`workspace_id`,`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_ws_name` ON `initiatives` (`workspace_id`,`name_key`);--> statement-breakpoint
CREATE INDEX `initiatives_next_checkin` ON `initiatives` (`next_checkin_at`);--> statement-breakpoint
CREATE TABLE `job_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`platform` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`purpose` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message_ref` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_next` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`display_name` text NOT NULL,
	`tz` text,
	`country` text,
	`is_bot` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_ws_user` ON `people` (`workspace_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `pmo_admins` (
	`workspace_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `person_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stage_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`by_person_id` integer,
	`note` text,
	`forced_reason` text,
	`platform` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_history_initiative` ON `stage_history` (`initiative_id`,`at`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`name` text,
	`default_channel` text,
	`tz` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
